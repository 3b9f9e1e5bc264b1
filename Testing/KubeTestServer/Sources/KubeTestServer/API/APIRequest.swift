public import JSONValues
import KubeModel
import Foundation

/// An HTTP request as the API layer sees it (transport-independent, so the
/// same code serves HTTPS connections and in-process calls).
public struct APIRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    /// Header names in lower case; the first value of a repeated header.
    public var headers: [String: String]
    public var body: [UInt8]
    /// Every value of every header (`Impersonate-Group` may repeat), names in lower case.
    private var headerLists: [String: [String]]
    /// Who the request acts as, once authenticated (and impersonation applied).
    var user = UserInfo.admin
    /// Authorization checks made after the request's own (admission's).
    let trail = AuthorizationTrail()

    /// A request with its header fields in order, repeated names kept.
    public init(method: String, uri: String, headerFields: [(name: String, value: String)], body: [UInt8] = []) {
        var single: [String: String] = [:]
        for (name, value) in headerFields where single[name.lowercased()] == nil { single[name.lowercased()] = value }
        self.init(method: method, uri: uri, headers: single, body: body)
        headerLists = Dictionary(grouping: headerFields, by: { $0.name.lowercased() }).mapValues { $0.map(\.value) }
    }

    public init(method: String, uri: String, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method.uppercased()
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.path = parts.first.map { String($0).removingPercentEncoding ?? String($0) } ?? "/"
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.unescape(keyValue[0])
                let value = keyValue.count > 1 ? Self.unescape(keyValue[1]) : ""
                query[key] = value
            }
        }
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.headerLists = self.headers.mapValues { [$0] }
        self.body = body
    }

    /// Every value of header `name` (lower case).
    func headerValues(_ name: String) -> [String] { headerLists[name] ?? [] }
    var headerNames: Dictionary<String, [String]>.Keys { headerLists.keys }

    private static func unescape(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    var wantsTable: Bool { (headers["accept"] ?? "").contains("as=Table") }
    var contentType: String {
        let raw = headers["content-type"] ?? "application/json"
        return raw.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? raw
    }
    var isDryRun: Bool { query["dryRun"] == "All" }

    func flag(_ name: String) -> Bool {
        guard let value = query[name] else { return false }
        return value == "true" || value == "1" || value.isEmpty
    }
}

/// What the API layer answers: one JSON document, or a stream of watch events.
public enum APIResponse: Sendable {
    case json(status: Int, body: JSONValue)
    case text(status: Int, contentType: String, body: String)
    /// JSON lines, one watch event each; the stream ends when the watch does.
    case watch(AsyncStream<JSONValue>)

    static func error(_ error: APIError) -> APIResponse {
        .json(status: error.code, body: error.status)
    }

    public var statusCode: Int {
        switch self {
        case .json(let status, _), .text(let status, _, _): return status
        case .watch: return 200
        }
    }
}
