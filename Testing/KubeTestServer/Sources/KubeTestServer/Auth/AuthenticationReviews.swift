import JSONValues
import KubeModel

/// authentication.k8s.io: TokenReview (who is this token?) and
/// SelfSubjectReview (who am I? `kubectl auth whoami`).
extension KubeAPI {
    func tokenReview(_ target: RequestTarget, _ request: APIRequest) throws(APIError) -> APIResponse {
        let input = try ReviewBody.decode(request, target: target, kind: "TokenReview")
        guard let token = input["spec"]["token"].stringValue, !token.isEmpty else {
            throw .invalid(target.resource, name: "", causes: [("spec.token", "FieldValueRequired", "Required value")])
        }
        let wanted = (input["spec"]["audiences"].arrayValue ?? []).compactMap(\.stringValue)
        var status: JSONValue = ["user": [:]]
        switch authenticator.review(token) {
        case .authenticated(let user, let audiences):
            // With audiences asked for, the token must have been issued for one of them.
            let matching = wanted.isEmpty ? audiences : wanted.filter(audiences.contains)
            if matching.isEmpty {
                func quoted(_ list: [String]) -> String { "[" + list.map(GoFormat.quote).joined(separator: " ") + "]" }
                status["error"] = .string("[invalid bearer token, token audiences \(quoted(audiences)) is invalid for the target audiences \(quoted(wanted))]")
            } else {
                status["authenticated"] = true
                status["user"] = .object(user.json)
                status["audiences"] = .array(matching.map { .string($0) })
            }
        case .failed(let message):
            status["error"] = .string(message)
        }
        return ReviewBody.answer(input, kind: "TokenReview", apiVersion: "authentication.k8s.io/v1", status: status)
    }

    func selfSubjectReview(_ target: RequestTarget, _ request: APIRequest) throws(APIError) -> APIResponse {
        let input = try ReviewBody.decode(request, target: target, kind: "SelfSubjectReview")
        return ReviewBody.answer(input, kind: "SelfSubjectReview", apiVersion: "authentication.k8s.io/v1",
                                 status: ["userInfo": .object(request.user.json)])
    }
}
