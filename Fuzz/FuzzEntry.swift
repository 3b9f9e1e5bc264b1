// Compiled into every fuzz target (scripts/fuzz.sh): libFuzzer's entry point
// and the property check. Each target defines `fuzzOne`.

/// The libFuzzer entry point.
///
/// The fuzz targets are the only places outside the socket layer
/// (Sources/KernelSockets) that handle raw pointers: the bytes libFuzzer hands
/// over are copied into an array at once, and nothing else looks at the pointer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = unsafe Array(UnsafeBufferPointer(start: data, count: size))
    fuzzOne(bytes)
    return 0
}

/// Stops the run with a crash libFuzzer records when a property does not hold.
func check(
    _ condition: Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition { fatalError("fuzz property violated: \(message())", file: file, line: line) }
}
