import HTTPServing
import KubeModel
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// The HTTP/1.1 (optionally TLS) listener in front of the API: one task per
/// connection, requests answered in order, watches streamed as chunked JSON lines.
struct HTTPFrontend: Sendable {
    var api: KubeAPI
    var tls: NIOSSLContext?
    var logger: Logger
    static let maxBodyBytes = 3 * 1024 * 1024

    func bind(host: String, port: Int) async throws -> HTTPConnections.Listener {
        guard let tls else { return try await HTTPConnections.bind(host: host, port: port, tls: nil) }
        return try await HTTPConnections.bind(host: host, port: port, tls: { tls })
    }

    /// Accepts connections until cancelled; cancelling drops every connection.
    func serve(_ listener: HTTPConnections.Listener) async {
        let api = self.api
        await HTTPConnections.serve(listener, maxBodyBytes: Self.maxBodyBytes, logger: logger) { request, outbound, closed in
            let fields = request.head.headers.map { (name: $0.name, value: $0.value) }
            let response = await api.handle(APIRequest(method: request.head.method.rawValue, uri: request.head.uri,
                                                       headerFields: fields, body: request.body))
            try await Self.write(response, to: outbound, version: request.head.version, closed: closed)
        }
    }

    private static func write(
        _ response: APIResponse, to outbound: HTTPConnections.Outbound, version: HTTPVersion,
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

    private static func writeWhole(status: Int, contentType: String, body: some Sequence<UInt8>, to outbound: HTTPConnections.Outbound, version: HTTPVersion) async throws {
        try await HTTPConnections.writeWhole(status: status, contentType: contentType, body: body,
                                             headers: [("Cache-Control", "no-cache, private")], to: outbound, version: version)
    }
}
