import AsyncHTTPClient
import Foundation
import JSONValues
import KubeModel
import Logging
import NIOCore
import NIOSSL

/// Validating admission: for each ValidatingWebhookConfiguration webhook whose
/// rules match a request, POST an AdmissionReview v1 over HTTPS (trusting the
/// webhook's caBundle) and refuse the request when it is not allowed.
struct ValidatingWebhooks: Sendable {
    var logger: Logger

    private static let configurations = ResourceKey(group: "admissionregistration.k8s.io", plural: "validatingwebhookconfigurations")

    func admit(
        operation: String, target: RequestTarget, object: JSONValue?, oldObject: JSONValue?,
        request: APIRequest, api: KubeAPI
    ) async throws(APIError) {
        // Webhooks never judge webhook configurations (the API server avoids locking itself out).
        if target.resource.key == Self.configurations { return }
        let configurations = api.store.list(Self.configurations, namespace: nil).objects.map(\.1)
        for configuration in configurations {
            for webhook in configuration["webhooks"].arrayValue ?? [] {
                guard matches(webhook, operation: operation, target: target, object: object ?? oldObject, api: api) else { continue }
                try await call(webhook, operation: operation, target: target, object: object, oldObject: oldObject,
                               dryRun: request.isDryRun, user: request.user, api: api)
            }
        }
    }

    private func matches(_ webhook: JSONValue, operation: String, target: RequestTarget, object: JSONValue?, api: KubeAPI) -> Bool {
        let resourceName = target.subresource.map { "\(target.resource.plural)/\($0)" } ?? target.resource.plural
        let ruleMatches = (webhook["rules"].arrayValue ?? []).contains { rule in
            func allows(_ field: String, _ value: String) -> Bool {
                let values = (rule[field].arrayValue ?? []).compactMap(\.stringValue)
                return values.contains("*") || values.contains(value)
            }
            let scope = rule["scope"].stringValue ?? "*"
            let scopeMatches = scope == "*" || (scope == "Namespaced") == target.resource.namespaced
            let resources = (rule["resources"].arrayValue ?? []).compactMap(\.stringValue)
            let resourceMatches = resources.contains("*") || resources.contains(resourceName)
                || (target.subresource != nil && resources.contains("*/\(target.subresource ?? "")"))
            return allows("operations", operation) && allows("apiGroups", target.resource.group)
                && allows("apiVersions", target.version) && resourceMatches && scopeMatches
        }
        guard ruleMatches else { return false }
        if webhook["objectSelector"] != .null, let selector = try? LabelSelector(json: webhook["objectSelector"]) {
            let labels = (object?["metadata"]["labels"].objectValue ?? [:]).compactMapValues(\.stringValue)
            if !selector.matches(labels) { return false }
        }
        if target.resource.namespaced, webhook["namespaceSelector"] != .null,
           let selector = try? LabelSelector(json: webhook["namespaceSelector"]), let namespace = target.namespace {
            let object = api.store.get(ResourceKey(group: "", plural: "namespaces"), ObjectKey(namespace: "", name: namespace))
            let labels = (object?["metadata"]["labels"].objectValue ?? [:]).compactMapValues(\.stringValue)
            if !selector.matches(labels) { return false }
        }
        return true
    }

    private func call(
        _ webhook: JSONValue, operation: String, target: RequestTarget, object: JSONValue?, oldObject: JSONValue?,
        dryRun: Bool, user: UserInfo, api: KubeAPI
    ) async throws(APIError) {
        let name = webhook["name"].stringValue ?? ""
        let failOpen = webhook["failurePolicy"].stringValue == "Ignore"
        let uid = UUID().uuidString.lowercased()
        let gvk: JSONValue = ["group": .string(target.resource.group), "version": .string(target.version), "kind": .string(target.resource.kind)]
        let gvr: JSONValue = ["group": .string(target.resource.group), "version": .string(target.version), "resource": .string(target.resource.plural)]
        var reviewRequest: JSONValue = [
            "uid": .string(uid), "kind": gvk, "resource": gvr, "requestKind": gvk, "requestResource": gvr,
            "name": .string(target.name ?? object?["metadata"]["name"].stringValue ?? ""),
            "operation": .string(operation),
            "userInfo": .object(user.json),
            "object": object.map { api.present($0, target) } ?? .null,
            "oldObject": oldObject.map { api.present($0, target) } ?? .null,
            "dryRun": .bool(dryRun),
        ]
        if let namespace = target.namespace { reviewRequest["namespace"] = .string(namespace) }
        if let subresource = target.subresource { reviewRequest["subResource"] = .string(subresource) }
        let review: JSONValue = ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": reviewRequest]

        let reply: JSONValue
        do {
            reply = try await post(review, webhook: webhook, api: api)
        } catch {
            if failOpen {
                logger.warning("webhook failed, ignored by failurePolicy", metadata: ["webhook": "\(name)", "error": "\(error)"])
                return
            }
            throw APIError.internalError("failed calling webhook \"\(name)\": \(error)")
        }
        let response = reply["response"]
        guard response["uid"].stringValue == uid else {
            if failOpen { return }
            throw APIError.internalError("failed calling webhook \"\(name)\": expected response.uid=\"\(uid)\", got \"\(response["uid"].stringValue ?? "")\"")
        }
        if response["allowed"].boolValue == true { return }
        let status = response["status"]
        let deniedBy = "admission webhook \"\(name)\" denied the request"
        let message: String
        if let text = status["message"].stringValue, !text.isEmpty {
            message = "\(deniedBy): \(text)"
        } else if let reason = status["reason"].stringValue, !reason.isEmpty {
            message = "\(deniedBy): \(reason)"
        } else {
            message = "\(deniedBy) without explanation"
        }
        let code = max(400, Int(status["code"].intValue ?? 400))
        throw APIError(code: code, reason: status["reason"].stringValue ?? (code == 403 ? "Forbidden" : "BadRequest"), message: message)
    }

    struct WebhookCallError: Error, CustomStringConvertible {
        var description: String
    }

    private func post(_ review: JSONValue, webhook: JSONValue, api: KubeAPI) async throws -> JSONValue {
        let clientConfig = webhook["clientConfig"]
        var tls = TLSConfiguration.makeClientConfiguration()
        if let bundle = clientConfig["caBundle"].stringValue, let pem = Data(base64Encoded: bundle) {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem)))
        }
        let url: String
        if let direct = clientConfig["url"].stringValue {
            url = direct
        } else {
            let service = clientConfig["service"]
            let (host, port) = try api.resolveService(
                namespace: service["namespace"].stringValue ?? "", name: service["name"].stringValue ?? "",
                port: Int(service["port"].intValue ?? 443))
            // The certificate names the Service (NAME.NAMESPACE.svc), not the
            // loopback address it is reached on here: check the chain only.
            tls.certificateVerification = .noHostnameVerification
            url = "https://\(host):\(port)\(service["path"].stringValue ?? "/")"
        }
        let timeout = TimeAmount.seconds(webhook["timeoutSeconds"].intValue ?? 10)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: review.encoded()))
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 4 << 20)
            try await client.shutdown()
            guard response.status.code == 200 else {
                throw WebhookCallError(description: "webhook answered HTTP \(response.status.code)")
            }
            return try JSONValue.decode(Array(buffer: body))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

extension KubeAPI {
    /// Where a Service's port is reached from this host: the test cluster has
    /// no proxy, so a Service port maps to its targetPort on loopback (or to
    /// an address the test configured).
    func resolveService(namespace: String, name: String, port: Int) throws -> (String, Int) {
        if let resolver = options.serviceResolver, let address = resolver(namespace, name, port) {
            return address
        }
        guard let service = store.get(ResourceKey(group: "", plural: "services"), ObjectKey(namespace: namespace, name: name)) else {
            throw ValidatingWebhooks.WebhookCallError(description: "service \"\(namespace)/\(name)\" not found")
        }
        let ports = service["spec"]["ports"].arrayValue ?? []
        guard let entry = ports.first(where: { $0["port"].intValue == Int64(port) }) else {
            throw ValidatingWebhooks.WebhookCallError(description: "service \"\(namespace)/\(name)\" has no port \(port)")
        }
        let target = entry["targetPort"].intValue.map(Int.init) ?? port
        return ("127.0.0.1", target)
    }
}
