public import Logging
public import NIOCore
public import NIOHTTP1
import NIOPosix
public import NIOSSL

/// HTTP/1.1 over TCP, optionally TLS, for the few small servers of this
/// repository (the operator's endpoints, the Kubernetes API test server): the
/// listener, the loop that reads each connection's requests in order, and the
/// whole-body response. What a request means is the caller's.
public enum HTTPConnections {
    public typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    public typealias Listener = NIOAsyncChannel<Connection, Never>
    public typealias Outbound = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    /// A request as read: its head and its body, cut at the server's limit.
    public struct Request: Sendable {
        public var head: HTTPRequestHead
        public var body: [UInt8]

        /// The path without the query.
        public var path: String { String(head.uri.split(separator: "?", maxSplits: 1).first ?? "/") }
    }

    /// Answers one request on `outbound`; `closed` completes when the client goes away.
    public typealias Responder = @Sendable (Request, Outbound, EventLoopFuture<Void>) async throws -> Void

    /// Binds the listener. `tls` is asked for a context per connection, so a
    /// renewed certificate applies to new connections without a restart; a
    /// throw refuses that connection.
    public static func bind(host: String, port: Int, tls: (@Sendable () throws -> NIOSSLContext)?) async throws -> Listener {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls()))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Accepts connections until the calling task is cancelled, which closes
    /// the listener and drops every connection.
    public static func serve(_ listener: Listener, maxBodyBytes: Int, logger: Logger, respond: @escaping Responder) async {
        await withDiscardingTaskGroup { group in
            do {
                try await withTaskCancellationHandler {
                    try await listener.executeThenClose { connections in
                        for try await connection in connections {
                            group.addTask { await handle(connection, maxBodyBytes: maxBodyBytes, logger: logger, respond: respond) }
                        }
                    }
                } onCancel: {
                    listener.channel.close(promise: nil)
                }
            } catch {
                logger.debug("listener closed", metadata: ["error": "\(error)"])
            }
            group.cancelAll()
        }
    }

    /// A response with its whole body: Content-Type, Content-Length and `headers`.
    public static func writeWhole(
        status: Int, contentType: String, body: some Sequence<UInt8>, headers extra: [(String, String)] = [],
        to outbound: Outbound, version: HTTPVersion
    ) async throws {
        let buffer = ByteBuffer(bytes: body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(buffer.readableBytes))
        for (name, value) in extra { headers.add(name: name, value: value) }
        try await outbound.write(.head(HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: headers)))
        try await outbound.write(.body(.byteBuffer(buffer)))
        try await outbound.write(.end(nil))
    }

    /// One connection's requests, answered in order; a body past the limit is
    /// cut there (the caller's parser then refuses it).
    private static func handle(_ connection: Connection, maxBodyBytes: Int, logger: Logger, respond: Responder) async {
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
                        if body.readableBytes + chunk.readableBytes <= maxBodyBytes { body.writeBuffer(&chunk) }
                    case .end:
                        guard let requestHead = head else { continue }
                        head = nil
                        try await respond(Request(head: requestHead, body: Array(buffer: body)), outbound, connection.channel.closeFuture)
                        if !requestHead.isKeepAlive { return }
                    }
                }
            }
        } catch {
            logger.trace("connection ended", metadata: ["error": "\(error)"])
        }
    }
}
