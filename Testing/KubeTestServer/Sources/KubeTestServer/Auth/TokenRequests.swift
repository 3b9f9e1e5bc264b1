import Foundation
import JSONValues
import KubeModel

/// `POST /api/v1/namespaces/NS/serviceaccounts/NAME/token` (TokenRequest, what
/// `kubectl create token` sends): a token for the ServiceAccount that expires
/// after spec.expirationSeconds (default one hour, at least ten minutes).
extension KubeAPI {
    static let tokenRequestType = ResourceType(group: "authentication.k8s.io", versions: ["v1"], kind: "TokenRequest",
                                               plural: "tokenrequests", namespaced: true)

    func createToken(_ target: RequestTarget, _ request: APIRequest) throws(APIError) -> APIResponse {
        guard request.method == "POST" else {
            throw .methodNotAllowed("the server does not allow this method on the requested resource")
        }
        guard let namespace = target.namespace, let name = target.name else { throw .pathNotFound(request.path) }
        let input = try ReviewBody.decode(request, target: target, kind: "TokenRequest")
        guard let account = store.get(target.resource.key, ObjectKey(namespace: namespace, name: name)) else {
            throw .notFound(target.resource, name: name)
        }
        let seconds = input["spec"]["expirationSeconds"].intValue ?? 3600
        if seconds < 600 {
            throw .invalid(Self.tokenRequestType, name: name, causes: [
                ("spec.expirationSeconds", "FieldValueInvalid", "Invalid value: \(seconds): may not specify a duration less than 10 minutes"),
            ])
        }
        if seconds > 1 << 32 {
            throw .invalid(Self.tokenRequestType, name: name, causes: [
                ("spec.expirationSeconds", "FieldValueInvalid", "Invalid value: \(seconds): may not specify a duration larger than 2^32 seconds"),
            ])
        }
        let requested = (input["spec"]["audiences"].arrayValue ?? []).compactMap(\.stringValue)
        let audiences = requested.isEmpty ? Authenticator.defaultAudiences : requested
        let expires = Date.now.addingTimeInterval(TimeInterval(seconds))
        let token = tokens.mint(TokenRegistry.Grant(namespace: namespace, serviceAccount: name,
                                                     uid: account["metadata"]["uid"].stringValue ?? "",
                                                     expires: expires, audiences: audiences))
        var spec = input["spec"].objectValue == nil ? JSONValue.emptyObject : input["spec"]
        spec["audiences"] = .array(audiences.map { .string($0) })
        spec["expirationSeconds"] = .int(seconds)
        return .json(status: 201, body: [
            "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "creationTimestamp": .string(now)],
            "spec": spec,
            "status": ["token": .string(token), "expirationTimestamp": .string(expires.formatted(.iso8601))],
        ])
    }
}
