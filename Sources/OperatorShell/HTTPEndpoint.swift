import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small HTTP/1.1 server for the operator's own endpoints (health, metrics,
/// admission webhook), optionally TLS with a context chosen per connection
/// (so renewed certificates apply to new connections without a restart).
struct HTTPEndpoint: Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    struct Request: Sendable {
        var method: String
        var path: String
        var body: [UInt8]
    }

    struct Response: Sendable {
        var status: Int
        var contentType: String
        var body: [UInt8]

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
        let tls = self.tls
        let logger = self.logger
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        guard let context = tls() else { throw TLSUnavailable() }
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        onBound(listener.channel.localAddress?.port ?? port)
        await withDiscardingTaskGroup { group in
            do {
                try await withTaskCancellationHandler {
                    try await listener.executeThenClose { connections in
                        for try await connection in connections {
                            group.addTask { await self.serve(connection) }
                        }
                    }
                } onCancel: {
                    listener.channel.close(promise: nil)
                }
            } catch {
                logger.debug("listener closed", metadata: ["port": "\(port)", "error": "\(error)"])
            }
            group.cancelAll()
        }
    }

    struct TLSUnavailable: Error {}

    private func serve(_ connection: Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body.clear()
                    case .body(var chunk):
                        if body.readableBytes + chunk.readableBytes <= Self.maxBodyBytes { body.writeBuffer(&chunk) }
                    case .end:
                        guard let requestHead = head else { continue }
                        head = nil
                        let path = String(requestHead.uri.split(separator: "?", maxSplits: 1).first ?? "/")
                        let response = await handler(Request(method: requestHead.method.rawValue, path: path, body: Array(buffer: body)))
                        var headers = HTTPHeaders()
                        headers.add(name: "Content-Type", value: response.contentType)
                        headers.add(name: "Content-Length", value: String(response.body.count))
                        try await outbound.write(.head(HTTPResponseHead(version: requestHead.version,
                                                                       status: HTTPResponseStatus(statusCode: response.status), headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                        try await outbound.write(.end(nil))
                        if !requestHead.isKeepAlive { return }
                    }
                }
            }
        } catch {
            logger.trace("connection ended", metadata: ["error": "\(error)"])
        }
    }
}
