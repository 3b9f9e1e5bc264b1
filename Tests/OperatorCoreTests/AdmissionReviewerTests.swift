import JSONValues
import KubeModel
import OperatorCore
import Testing

@Suite("The admission webhook")
struct AdmissionReviewerTests {
    let nodes = [node("worker-0"), node("worker-1")]

    /// m1 (oldest) on worker-0, m2 on worker-1, both with ens5f0.
    var existing: [MonitorSummary] {
        [
            summary("m1", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]),
            summary("m2", created: "2025-01-02T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-1"]),
        ]
    }

    func object(_ name: String, created: String = "2025-03-01T00:00:00Z", spec: JSONValue) -> JSONValue {
        monitorObject(name: name, namespace: "default", uid: "uid-default-\(name)", created: created, spec: spec)
    }

    func review(_ operation: String, object: JSONValue, oldObject: JSONValue = .null) -> JSONValue {
        var request: JSONValue = [
            "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
            "kind": ["group": "pfstatusrelay.openshift.io", "version": "v1alpha1", "kind": "PFLACPMonitor"],
            "resource": ["group": "pfstatusrelay.openshift.io", "version": "v1alpha1", "resource": "pflacpmonitors"],
            "name": object[path: ["metadata", "name"]],
            "namespace": "default",
            "operation": .string(operation),
            "userInfo": ["username": "admin"],
            "object": object,
        ]
        if oldObject != .null { request["oldObject"] = oldObject }
        return ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request]
    }

    @Test("a non-conflicting create is allowed, with the exact response form")
    func allowedCreate() throws {
        let create = review("CREATE", object: object("m3", spec: ["interfaces": ["ens5f1"]]))
        let response = AdmissionReviewer.review(create, monitors: existing, nodes: nodes)
        #expect(
            response
                == (try json(
                    #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002","allowed":true}}"#
                )))
    }

    @Test("a conflicting create is denied, naming the winner, the nodes and the interfaces")
    func conflictingCreate() throws {
        let create = review("CREATE", object: object("m3", spec: ["interfaces": ["ens5f0", "ens5f1"]]))
        let response = AdmissionReviewer.review(create, monitors: existing, nodes: nodes)
        #expect(
            response
                == (try json(
                    #"""
                    {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{
                      "uid":"705ab4f5-6393-11e8-b7cc-42010a800002","allowed":false,
                      "status":{"code":403,"reason":"Forbidden",
                        "message":"PFLACPMonitor default/m3 conflicts with PFLACPMonitor default/m1 on nodes [worker-0] for interfaces [ens5f0], and with 1 more PFLACPMonitor [default/m2]"}}}
                    """#)))
    }

    @Test("on create every existing monitor is older, even one with a later or equal timestamp")
    func createIsYoungest() {
        let create = review("CREATE", object: object("a0", created: "2024-01-01T00:00:00Z", spec: ["interfaces": ["ens5f0"], "nodeSelector": ["kubernetes.io/hostname": "worker-1"]]))
        let response = AdmissionReviewer.review(create, monitors: existing, nodes: nodes)
        #expect(response["response"]["allowed"] == false)
        #expect(response[path: ["response", "status", "message"]].stringValue?.contains("default/m2 on nodes [worker-1]") == true)
    }

    @Test("an update of the winner itself is allowed, even when it now conflicts with younger monitors")
    func updateOfWinner() {
        let old = object("m1", created: "2025-01-01T00:00:00Z", spec: ["interfaces": ["ens5f0"], "nodeSelector": ["kubernetes.io/hostname": "worker-0"]])
        let new = object("m1", created: "2025-01-01T00:00:00Z", spec: ["interfaces": ["ens5f0"], "pollingInterval": 2000])
        let response = AdmissionReviewer.review(review("UPDATE", object: new, oldObject: old), monitors: existing, nodes: nodes)
        #expect(response["response"]["allowed"] == true)
    }

    @Test("an update of a younger monitor into a conflict with an older one is denied")
    func updateIntoConflict() {
        let old = object("m2", created: "2025-01-02T00:00:00Z", spec: ["interfaces": ["ens5f0"], "nodeSelector": ["kubernetes.io/hostname": "worker-1"]])
        let new = object("m2", created: "2025-01-02T00:00:00Z", spec: ["interfaces": ["ens5f0"]])
        let response = AdmissionReviewer.review(review("UPDATE", object: new, oldObject: old), monitors: existing, nodes: nodes)
        #expect(response[path: ["response", "allowed"]] == false)
        #expect(response[path: ["response", "status", "code"]] == 403)
        #expect(
            response[path: ["response", "status", "message"]]
                == "PFLACPMonitor default/m2 conflicts with PFLACPMonitor default/m1 on nodes [worker-0] for interfaces [ens5f0]")
    }

    @Test("equal creation times: the name decides on update, as in the controller")
    func updateTie() {
        let same = "2025-01-01T00:00:00Z"
        let others = [summary("b", created: same, interfaces: ["ens5f0"])]
        let old = object("a", created: same, spec: ["interfaces": ["ens5f1"]])
        let new = object("a", created: same, spec: ["interfaces": ["ens5f0"]])
        #expect(AdmissionReviewer.review(review("UPDATE", object: new, oldObject: old), monitors: others, nodes: nodes)[path: ["response", "allowed"]] == true)
        let oldZ = object("z", created: same, spec: ["interfaces": ["ens5f1"]])
        let newZ = object("z", created: same, spec: ["interfaces": ["ens5f0"]])
        #expect(AdmissionReviewer.review(review("UPDATE", object: newZ, oldObject: oldZ), monitors: others, nodes: nodes)[path: ["response", "allowed"]] == false)
    }

    @Test("a monitor that is itself losing does not block: the chain case")
    func chain() {
        let monitors = [
            summary("a", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]),
            summary("b", created: "2025-01-02T00:00:00Z", interfaces: ["ens5f0"]),
        ]
        let create = review("CREATE", object: object("c", spec: ["interfaces": ["ens5f0"], "nodeSelector": ["kubernetes.io/hostname": "worker-1"]]))
        #expect(AdmissionReviewer.review(create, monitors: monitors, nodes: nodes)[path: ["response", "allowed"]] == true)
    }

    @Test("metadata-only updates and updates during deletion are allowed, even of a losing or invalid monitor")
    func metadataOnly() {
        let loser = object("m3", spec: ["interfaces": ["ens5f0"]])
        var relabelled = loser
        relabelled[path: ["metadata", "finalizers"]] = .null
        relabelled[path: ["metadata", "labels"]] = ["x": "y"]
        #expect(AdmissionReviewer.review(review("UPDATE", object: relabelled, oldObject: loser), monitors: existing, nodes: nodes)[path: ["response", "allowed"]] == true)

        let invalid = object("bad", spec: ["interfaces": []])
        var finalizing = invalid
        finalizing[path: ["metadata", "deletionTimestamp"]] = "2025-05-01T00:00:00Z"
        finalizing["spec"] = ["interfaces": ["ens5f0"]]
        #expect(AdmissionReviewer.review(review("UPDATE", object: finalizing, oldObject: invalid), monitors: existing, nodes: nodes)[path: ["response", "allowed"]] == true)
        #expect(AdmissionReviewer.review(review("UPDATE", object: invalid, oldObject: invalid), monitors: existing, nodes: nodes)[path: ["response", "allowed"]] == true)
    }

    @Test("an invalid spec is denied with the field messages")
    func invalid() {
        let create = review("CREATE", object: object("m3", spec: ["interfaces": ["ens5f0", "ens5f0"], "pollingInterval": 500]))
        let response = AdmissionReviewer.review(create, monitors: [], nodes: nodes)
        #expect(response[path: ["response", "allowed"]] == false)
        #expect(response[path: ["response", "status", "code"]] == 403)
        #expect(response[path: ["response", "status", "reason"]] == "Forbidden")
        #expect(
            response[path: ["response", "status", "message"]]
                == #"PFLACPMonitor "m3" is invalid: [spec.interfaces[1]: Duplicate value: "ens5f0", spec.pollingInterval: Invalid value: 500: must be at least 1000]"#
        )
    }

    @Test("lacpduTimeout: in range allowed, out of range or not an integer denied with the field message")
    func lacpduTimeout() {
        let allowed = review("CREATE", object: object("m3", spec: ["interfaces": ["ens5f1"], "lacpduTimeout": 1500]))
        #expect(AdmissionReviewer.review(allowed, monitors: existing, nodes: nodes)[path: ["response", "allowed"]] == true)
        let cases: [(JSONValue, String)] = [
            (1000, "spec.lacpduTimeout: Invalid value: 1000: must be at least 1100"),
            (3000, "spec.lacpduTimeout: Invalid value: 3000: must be at most 2999"),
            ("x", #"spec.lacpduTimeout: Invalid value: "string": spec.lacpduTimeout in body must be of type integer: "string""#),
        ]
        for (value, message) in cases {
            let create = review("CREATE", object: object("m3", spec: ["interfaces": ["ens5f1"], "lacpduTimeout": value]))
            let response = AdmissionReviewer.review(create, monitors: existing, nodes: nodes)
            #expect(response[path: ["response", "allowed"]] == false)
            #expect(response[path: ["response", "status", "code"]] == 403)
            #expect(response[path: ["response", "status", "message"]] == .string(#"PFLACPMonitor "m3" is invalid: "# + message))
        }
    }

    @Test("DELETE and CONNECT are allowed")
    func otherOperations() {
        for operation in ["DELETE", "CONNECT"] {
            let response = AdmissionReviewer.review(review(operation, object: .null, oldObject: object("m1", spec: [:])), monitors: existing, nodes: nodes)
            #expect(response[path: ["response", "allowed"]] == true)
        }
    }

    static let malformed: [(String, JSONValue, String, String)] = [
        ("not an object", "hello", "", "malformed admission review: the body must be an AdmissionReview object, not string"),
        ("no request", ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"], "", "malformed admission review: the AdmissionReview has no request"),
        ("wrong kind", ["apiVersion": "admission.k8s.io/v1", "kind": "Pod", "request": ["uid": "u1"]], "u1", #"malformed admission review: expected kind AdmissionReview, got "Pod""#),
        ("v1beta1", ["apiVersion": "admission.k8s.io/v1beta1", "kind": "AdmissionReview", "request": ["uid": "u1"]], "u1", #"malformed admission review: expected apiVersion admission.k8s.io/v1, got "admission.k8s.io/v1beta1""#),
        ("no uid", ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": ["operation": "CREATE"]], "", "malformed admission review: the AdmissionReview request has no uid"),
        ("no operation", ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": ["uid": "u1"]], "u1", "malformed admission review: the AdmissionReview request has no operation"),
        ("unknown operation", ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": ["uid": "u1", "operation": "PATCH"]], "u1", #"malformed admission review: unknown operation "PATCH""#),
        ("no object", ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": ["uid": "u1", "operation": "CREATE"]], "u1", "malformed admission review: the CREATE request has no object"),
        ("object not an object", ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": ["uid": "u1", "operation": "CREATE", "object": [1]]], "u1", "malformed admission review: the CREATE request has no object"),
        ("update without oldObject", ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": ["uid": "u1", "operation": "UPDATE", "object": ["spec": [:]]]], "u1", "malformed admission review: the UPDATE request has no oldObject"),
        (
            "another resource",
            ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": ["uid": "u1", "operation": "CREATE", "kind": ["group": "", "version": "v1", "kind": "Pod"], "object": [:]]],
            "u1", #"malformed admission review: expected a request for pfstatusrelay.openshift.io/PFLACPMonitor, got {"group":"","kind":"Pod","version":"v1"}"#
        ),
        (
            "valid spec but no name",
            ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": ["uid": "u1", "operation": "CREATE", "object": ["spec": ["interfaces": ["a"]]]]],
            "u1", "malformed admission review: the object has no metadata.name"
        ),
    ]

    @Test("malformed reviews get allowed: false with code 400", arguments: 0..<malformed.count)
    func malformedReviews(index: Int) {
        let (name, body, uid, message) = Self.malformed[index]
        let response = AdmissionReviewer.review(body, monitors: existing, nodes: nodes)
        let expected: JSONValue = [
            "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "response": ["uid": .string(uid), "allowed": false, "status": ["code": 400, "reason": "BadRequest", "message": .string(message)]],
        ]
        #expect(response == expected, "\(name): \(response)")
    }
}
