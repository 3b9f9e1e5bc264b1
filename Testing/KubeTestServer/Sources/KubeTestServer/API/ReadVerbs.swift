import Foundation
import JSONValues
import KubeModel
import KubePatch
import KubeSchema

/// get and list, with selectors, pagination and server-side printing (Table).
extension KubeAPI {
    func get(_ target: RequestTarget, _ request: APIRequest) throws(APIError) -> APIResponse {
        guard let key = target.objectKey, let object = store.get(target.resource.key, key) else {
            throw .notFound(target.resource, name: target.name ?? "")
        }
        let presented = present(object, target)
        if request.wantsTable {
            return .json(status: 200, body: table([presented], target, request, listMetadata: [:]))
        }
        return .json(status: 200, body: presented)
    }

    func list(_ target: RequestTarget, _ request: APIRequest) throws(APIError) -> APIResponse {
        let filter = try ObjectFilter(request, namespace: target.namespace)
        let (all, revision) = store.list(target.resource.key, namespace: target.namespace)
        var selected = all.filter { filter.matches($0.1) }
        var metadata: JSONValue = ["resourceVersion": .string(String(revision))]

        if let token = request.query["continue"], !token.isEmpty {
            guard let start = ContinueToken.decode(token) else {
                throw .badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")
            }
            if start.revision < store.compactedRevision {
                throw .gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
            }
            selected = selected.filter { $0.0 > start.after }
        }
        if let limitText = request.query["limit"], let limit = Int(limitText), limit > 0, selected.count > limit {
            let remaining = selected.count - limit
            selected = Array(selected.prefix(limit))
            if let last = selected.last {
                metadata["continue"] = .string(ContinueToken(revision: revision, after: last.0).encode())
                metadata["remainingItemCount"] = .int(Int64(remaining))
            }
        }
        let items = selected.map { present($0.1, target) }
        if request.wantsTable {
            return .json(status: 200, body: table(items, target, request, listMetadata: metadata))
        }
        return .json(status: 200, body: [
            "kind": .string(target.resource.listKind), "apiVersion": .string(target.apiVersion),
            "metadata": metadata, "items": .array(items),
        ])
    }

    func table(_ objects: [JSONValue], _ target: RequestTarget, _ request: APIRequest, listMetadata: JSONValue) -> JSONValue {
        let include: IncludeObject
        switch request.query["includeObject"] {
        case "None": include = .none
        case "Object": include = .object
        default: include = .metadata
        }
        return target.resource.printer.table(for: objects, includeObject: include, listMetadata: listMetadata)
    }
}

/// The label and field selectors of a list or watch.
struct ObjectFilter: Sendable {
    var labels: LabelSelector?
    var fields: FieldSelector?

    init(_ request: APIRequest, namespace: String?) throws(APIError) {
        if let text = request.query["labelSelector"], !text.isEmpty {
            do { labels = try LabelSelector(parsing: text) } catch { throw .badRequest("unable to parse requirement: \(error)") }
        }
        if let text = request.query["fieldSelector"], !text.isEmpty {
            let parsed: FieldSelector
            do { parsed = try FieldSelector(parsing: text) } catch { throw .badRequest("invalid field selector: \(error)") }
            for field in parsed.fieldNames where !Self.supportedFields.contains(field) {
                throw .badRequest("field label not supported: \(field)")
            }
            fields = parsed
        }
    }

    static let supportedFields: Set<String> = ["metadata.name", "metadata.namespace"]

    func matches(_ object: JSONValue) -> Bool {
        if let labels {
            let objectLabels = (object["metadata"]["labels"].objectValue ?? [:]).compactMapValues(\.stringValue)
            if !labels.matches(objectLabels) { return false }
        }
        if let fields {
            let values = [
                "metadata.name": object["metadata"]["name"].stringValue ?? "",
                "metadata.namespace": object["metadata"]["namespace"].stringValue ?? "",
            ]
            if !fields.matches(values) { return false }
        }
        return true
    }
}

/// Where the next page of a paginated list starts (opaque to clients).
struct ContinueToken {
    var revision: Int64
    var after: ObjectKey

    func encode() -> String {
        let json: JSONValue = ["rv": .int(revision), "ns": .string(after.namespace), "name": .string(after.name)]
        return json.encoded().base64EncodedString()
    }

    static func decode(_ token: String) -> ContinueToken? {
        guard let data = Data(base64Encoded: token), let json = try? JSONValue.decode(Array(data)),
              let revision = json["rv"].intValue, let namespace = json["ns"].stringValue, let name = json["name"].stringValue
        else { return nil }
        return ContinueToken(revision: revision, after: ObjectKey(namespace: namespace, name: name))
    }
}
