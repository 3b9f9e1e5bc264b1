/// The first line of an HTTP/1.x request (`GET /metrics HTTP/1.1`), all the
/// daemon's endpoint needs: it answers GET and HEAD on three paths. Pure and
/// total over any bytes a client sends (fuzzed with the other parsers).
struct HTTPRequestLine: Equatable, Sendable {
    var method: String
    /// The path without the query.
    var path: String

    /// nil when the bytes do not start with a well-formed request line.
    init?(head: [UInt8]) {
        guard let end = head.firstIndex(of: 13) ?? head.firstIndex(of: 10) else { return nil }
        let line = head[..<end]
        let parts = line.split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3,
              let method = String(validating: parts[0], as: UTF8.self), !method.isEmpty,
              method.utf8.allSatisfy({ (65...90).contains($0) }),
              let target = String(validating: parts[1], as: UTF8.self), target.hasPrefix("/"),
              let version = String(validating: parts[2], as: UTF8.self), version.hasPrefix("HTTP/1.")
        else { return nil }
        self.method = method
        path = String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "/")
    }
}

/// A whole HTTP/1.1 response that closes the connection.
struct HTTPResponse: Equatable, Sendable {
    var status: Int
    var reason: String
    var contentType = "text/plain; charset=utf-8"
    var body: [UInt8]

    static func text(_ status: Int, _ reason: String, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, reason: reason, body: Array(text.utf8))
    }

    /// The bytes on the wire; `includeBody` false for HEAD.
    func serialized(includeBody: Bool = true) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        head += "Content-Type: \(contentType)\r\n"
        head += "Content-Length: \(body.count)\r\n"
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + (includeBody ? body : [])
    }
}
