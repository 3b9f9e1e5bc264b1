// libFuzzer target for what the daemon's metrics endpoint reads from the
// network: the request line of an HTTP/1.x request
// (Sources/RelayDaemon/HTTPRequestLine.swift, compiled in as a source file:
// it has no imports), and the response it writes.
//
// Built and run by scripts/fuzz.sh, not by SwiftPM:
//   swiftc -sanitize=fuzzer,address ... -module-name FuzzHTTPRequest -parse-as-library
//
// Properties, for every input taken as a request head:
//  1. `HTTPRequestLine(head:)` never traps.
//  2. An accepted line has a method of upper-case ASCII letters and a path
//     that starts with "/" and has no query; writing it back as
//     "METHOD PATH HTTP/1.1\r\n\r\n" parses to the same line.
//  3. A response whose body is the input serializes with a head that ends in
//     an empty line and a Content-Length equal to the body's size, followed by
//     the body exactly (nothing for HEAD).

func fuzzOne(_ bytes: [UInt8]) {
    if let line = HTTPRequestLine(head: bytes) {
        check(!line.method.isEmpty && line.method.utf8.allSatisfy { (65...90).contains($0) }, "method \(line.method)")
        check(line.path.hasPrefix("/") && !line.path.contains("?"), "path \(line.path)")
        let again = HTTPRequestLine(head: Array("\(line.method) \(line.path) HTTP/1.1\r\n\r\n".utf8))
        check(again == line, "written back: \(String(describing: again)) != \(line)")
    }

    let response = HTTPResponse(status: 200, reason: "OK", body: bytes)
    for includeBody in [true, false] {
        let wire = response.serialized(includeBody: includeBody)
        let separator: [UInt8] = [13, 10, 13, 10]
        var end: Int?
        if wire.count >= 4 {
            for index in 0...(wire.count - 4) where Array(wire[index..<(index + 4)]) == separator { end = index; break }
        }
        guard let end else { check(false, "no end of head"); return }
        let head = String(decoding: wire[..<end], as: UTF8.self)
        check(head.contains("Content-Length: \(bytes.count)\r\n"), "Content-Length of \(bytes.count) missing")
        check(Array(wire[(end + 4)...]) == (includeBody ? bytes : []), "body differs")
    }
}
