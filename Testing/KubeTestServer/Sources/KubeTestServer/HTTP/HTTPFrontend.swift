import KubeModel
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The HTTP/1.1 (optionally TLS) listener in front of the API: one task per
/// connection, requests answered in order, watches streamed as chunked JSON lines.
struct HTTPFrontend: Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    var api: KubeAPI
    var tls: NIOSSLContext?
    var logger: Logger
    static let maxBodyBytes = 3 * 1024 * 1024

    func bind(host: String, port: Int) async throws -> NIOAsyncChannel<Connection, Never> {
        let tls = self.tls
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Accepts connections until cancelled; cancelling drops every connection.
    func serve(_ listener: NIOAsyncChannel<Connection, Never>) async {
        await withDiscardingTaskGroup { group in
            do {
                try await listener.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await self.handle(connection) }
                    }
                }
            } catch {
                logger.debug("listener closed", metadata: ["error": "\(error)"])
            }
            group.cancelAll()
        }
    }

    private func handle(_ connection: Connection) async {
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
                        var headers: [String: String] = [:]
                        for (name, value) in requestHead.headers { headers[name.lowercased()] = value }
                        let request = APIRequest(method: requestHead.method.rawValue, uri: requestHead.uri,
                                                 headers: headers, body: Array(buffer: body))
                        let response = await api.handle(request)
                        try await write(response, to: outbound, version: requestHead.version, closed: connection.channel.closeFuture)
                        if !requestHead.isKeepAlive { return }
                    }
                }
            }
        } catch {
            logger.trace("connection ended", metadata: ["error": "\(error)"])
        }
    }

    private func write(
        _ response: APIResponse, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, version: HTTPVersion,
        closed: EventLoopFuture<Void>
    ) async throws {
        switch response {
        case .json(let status, let body):
            try await writeWhole(status: status, contentType: "application/json", body: body.encoded(), to: outbound, version: version)
        case .text(let status, let contentType, let body):
            try await writeWhole(status: status, contentType: contentType, body: Array(body.utf8), to: outbound, version: version)
        case .watch(let events):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Transfer-Encoding", value: "chunked")
            headers.add(name: "Cache-Control", value: "no-cache, private")
            try await outbound.write(.head(HTTPResponseHead(version: version, status: .ok, headers: headers)))
            // A client that goes away ends the watch now, not at the next event
            // (and its TLS close is answered at once).
            let pump = Task {
                for await event in events {
                    var line = ByteBuffer(bytes: event.encoded())
                    line.writeString("\n")
                    try await outbound.write(.body(.byteBuffer(line)))
                }
                try await outbound.write(.end(nil))
            }
            closed.whenComplete { _ in pump.cancel() }
            try await withTaskCancellationHandler {
                try await pump.value
            } onCancel: {
                pump.cancel()
            }
        }
    }

    private func writeWhole(status: Int, contentType: String, body: some Sequence<UInt8>, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, version: HTTPVersion) async throws {
        let buffer = ByteBuffer(bytes: body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(buffer.readableBytes))
        headers.add(name: "Cache-Control", value: "no-cache, private")
        try await outbound.write(.head(HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: headers)))
        try await outbound.write(.body(.byteBuffer(buffer)))
        try await outbound.write(.end(nil))
    }
}
