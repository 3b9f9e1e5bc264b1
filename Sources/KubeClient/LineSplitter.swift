/// Splits a byte stream into newline-terminated lines as chunks arrive (a
/// watch sends one JSON document per line; chunks split lines anywhere).
struct LineSplitter {
    private var buffer: [UInt8] = []
    /// Where the unconsumed bytes of `buffer` start.
    private var start = 0
    let maximumLineLength: Int

    init(maximumLineLength: Int = 64 << 20) {
        self.maximumLineLength = maximumLineLength
    }

    /// Adds a chunk; returns the lines it completed (without their newlines,
    /// empty lines dropped). Throws when a line outgrows the maximum.
    mutating func append(_ chunk: some Sequence<UInt8>) throws(KubeError) -> [ArraySlice<UInt8>] {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        let searchFrom = buffer.count
        buffer.append(contentsOf: chunk)
        var lines: [ArraySlice<UInt8>] = []
        var index = searchFrom
        while let newline = buffer[index...].firstIndex(of: UInt8(ascii: "\n")) {
            var line = buffer[start..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if !line.isEmpty { lines.append(line) }
            start = newline + 1
            index = start
        }
        if buffer.count - start > maximumLineLength {
            throw .decoding("a watch line exceeds \(maximumLineLength) bytes")
        }
        return lines
    }

    /// What is left when the stream ends (a last line without a newline).
    mutating func finish() -> ArraySlice<UInt8>? {
        let rest = buffer[start...]
        buffer = []
        start = 0
        return rest.isEmpty ? nil : rest
    }
}
