import HTTPServing
import Logging
import NIOHTTP1
import NIOSSL

/// A small HTTP/1.1 server for the operator's own endpoints (health, metrics,
/// admission webhook), optionally TLS with a context chosen per connection
/// (so renewed certificates apply to new connections without a restart).
struct HTTPEndpoint: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var body: [UInt8]
        /// The `Authorization` header (the metrics endpoint's bearer token).
        var authorization: String? = nil
    }

    struct Response: Sendable {
        var status: Int
        var contentType: String
        var body: [UInt8]
        var headers: [(String, String)] = []

        static func text(_ status: Int, _ text: String) -> Response {
            Response(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
        }
    }

    var host: String
    var port: Int
    var tls: (@Sendable () -> NIOSSLContext?)?
    var logger: Logger
    var handler: @Sendable (Request) async -> Response
    static let maxBodyBytes = 4 * 1024 * 1024

    /// Binds, then serves until the calling task is cancelled. `onBound` gets the real port.
    func run(onBound: @Sendable (Int) -> Void = { _ in }) async throws {
        let handler = self.handler
        var context: (@Sendable () throws -> NIOSSLContext)?
        if let tls {
            context = {
                guard let current = tls() else { throw TLSUnavailable() }
                return current
            }
        }
        let listener = try await HTTPConnections.bind(host: host, port: port, tls: context)
        onBound(listener.channel.localAddress?.port ?? port)
        await HTTPConnections.serve(listener, maxBodyBytes: Self.maxBodyBytes, logger: logger) { request, outbound, _ in
            let response = await handler(Request(
                method: request.head.method.rawValue, path: request.path, body: request.body,
                authorization: request.head.headers.first(name: "Authorization")))
            try await HTTPConnections.writeWhole(
                status: response.status, contentType: response.contentType, body: response.body, headers: response.headers,
                to: outbound, version: request.head.version)
        }
    }

    struct TLSUnavailable: Error {}
}
