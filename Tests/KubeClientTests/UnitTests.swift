@testable import KubeClient
import KubeModel
import Testing

@Suite("Building blocks")
struct UnitTests {
    @Test("resource paths: core and grouped, namespaced or not, subresources, escaping")
    func paths() {
        #expect(ResourceDescriptor.pods.collectionPath() == "/api/v1/pods")
        #expect(ResourceDescriptor.pods.collectionPath(namespace: "kube-system") == "/api/v1/namespaces/kube-system/pods")
        #expect(ResourceDescriptor.pods.objectPath(namespace: "ns", name: "p", subresource: "status") == "/api/v1/namespaces/ns/pods/p/status")
        #expect(ResourceDescriptor.nodes.objectPath(namespace: "ignored", name: "node-1") == "/api/v1/nodes/node-1")
        #expect(ResourceDescriptor.daemonSets.collectionPath(namespace: "x") == "/apis/apps/v1/namespaces/x/daemonsets")
        #expect(ResourceDescriptor.leases.apiVersion == "coordination.k8s.io/v1")
        #expect(ResourceDescriptor.configMaps.apiVersion == "v1")
        #expect(ResourceDescriptor.customResourceDefinitions.objectPath(name: "a.b.c")
            == "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/a.b.c")
        #expect(ResourceDescriptor.validatingWebhookConfigurations.namespaced == false)
        #expect(ResourceDescriptor.events.objectPath(namespace: "d", name: "a b") == "/api/v1/namespaces/d/events/a%20b")
        #expect(ResourceDescriptor.serviceAccounts.plural == "serviceaccounts")
        #expect(PercentEncoding.queryString([("labelSelector", "a in (x,y),!b"), ("continue", "eyJ+/=")])
            == "labelSelector=a%20in%20%28x%2Cy%29%2C%21b&continue=eyJ%2B%2F%3D")
    }

    @Test("backoff grows to its maximum; jitter stays within bounds")
    func backoff() {
        let none = Backoff(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2, jitter: .none)
        #expect(none.delay(attempt: 1) == .milliseconds(100))
        #expect(none.delay(attempt: 0) == .milliseconds(100))
        #expect(none.delay(attempt: 2) == .milliseconds(200))
        #expect(none.delay(attempt: 4) == .milliseconds(800))
        #expect(none.delay(attempt: 5) == .seconds(1))
        #expect(none.delay(attempt: Int.max) == .seconds(1))
        for attempt in 1...8 {
            let full = Backoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: .full).delay(attempt: attempt)
            #expect(full >= .zero && full <= none.delay(attempt: attempt))
            let equal = Backoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: .equal).delay(attempt: attempt)
            #expect(equal >= none.delay(attempt: attempt) / 2 && equal <= none.delay(attempt: attempt))
        }
    }

    @Test("retry policy: retryable errors only, Retry-After for 429, bounded attempts")
    func retryPolicy() {
        let policy = RetryPolicy(maxAttempts: 3, backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(10), jitter: .none))
        let unavailable = KubeError(kind: .status, code: 503, reason: "ServiceUnavailable", message: "")
        #expect(policy.delay(after: unavailable, attempt: 1) == .milliseconds(10))
        #expect(policy.delay(after: unavailable, attempt: 3) == nil)
        let busy = KubeError(status: ["kind": "Status", "code": 429, "reason": "TooManyRequests", "details": ["retryAfterSeconds": 2]])
        #expect(busy.retryAfter == .seconds(2))
        #expect(policy.delay(after: busy, attempt: 1) == .seconds(2))
        let header = KubeError(kind: .status, code: 429, message: "", retryAfterHeader: 7)
        #expect(header.retryAfter == .seconds(7))
        for code in [400, 401, 403, 404, 409, 410, 422] {
            #expect(policy.delay(after: KubeError(kind: .status, code: code, message: ""), attempt: 1) == nil)
        }
        #expect(policy.delay(after: .transport("reset"), attempt: 1) != nil)
        #expect(policy.delay(after: .decoding("bad"), attempt: 1) == nil)
        #expect(RetryPolicy.never.delay(after: unavailable, attempt: 1) == nil)
    }

    @Test("errors from Status objects")
    func statusErrors() {
        let conflict = KubeError(status: ["kind": "Status", "code": 409, "reason": "Conflict", "message": "stale"], request: "PUT /x")
        #expect(conflict.isConflict && !conflict.isAlreadyExists)
        #expect(conflict.description == "PUT /x: 409 Conflict: stale")
        let exists = KubeError(status: ["code": 409, "reason": "AlreadyExists", "message": "exists"])
        #expect(exists.isAlreadyExists && !exists.isConflict)
        let gone = WatchEvent(type: .error, object: ["kind": "Status", "code": 410, "reason": "Expired", "message": "too old"])
        #expect(gone.error?.isGone == true)
        #expect(WatchEvent(type: .added, object: [:]).error == nil)
        let invalid = KubeError(status: ["code": 422, "reason": "Invalid", "details": ["causes": [["field": "spec.x", "reason": "FieldValueRequired", "message": "Required value"]]]])
        #expect(invalid.isInvalid)
        #expect(invalid.causes.first?.field == "spec.x")
    }

    @Test("watch lines split across chunks anywhere")
    func lineSplitting() throws {
        var splitter = LineSplitter(maximumLineLength: 64)
        let text = Array("{\"a\":1}\n{\"b\":\r\n2}\n\n{\"c\"".utf8)
        var lines: [String] = []
        for byte in text {
            lines += try splitter.append([byte]).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(lines == ["{\"a\":1}", "{\"b\":", "2}"])
        #expect(splitter.finish().map { String(decoding: $0, as: UTF8.self) } == "{\"c\"")
        var whole = LineSplitter()
        #expect(try whole.append(Array("x\ny\nz".utf8)).count == 2)
        var small = LineSplitter(maximumLineLength: 4)
        #expect(throws: KubeError.self) { _ = try small.append(Array("123456".utf8)) }
    }

    @Test("list decoding fills in apiVersion and kind, reads metadata")
    func listDecoding() throws {
        let list = try ObjectList(decoding: [
            "apiVersion": "apps/v1", "kind": "DaemonSetList",
            "metadata": ["resourceVersion": "42", "continue": "", "remainingItemCount": 0],
            "items": [["metadata": ["name": "a"]]],
        ], resource: .daemonSets)
        #expect(list.items.first?["kind"] == "DaemonSet")
        #expect(list.items.first?["apiVersion"] == "apps/v1")
        #expect(list.resourceVersion == "42")
        #expect(list.continueToken == nil)
        #expect(throws: KubeError.self) { try ObjectList(decoding: ["items": "no"], resource: .pods) }
        #expect(throws: KubeError.self) { try WatchEvent(decoding: ["type": "SOMETHING", "object": [:]]) }
    }
}
