public import JSONValues
import KubeModel

/// The validating admission webhook for PFLACPMonitors
/// (`/validate-pfstatusrelay-openshift-io-v1alpha1-pflacpmonitor`).
///
/// Refuses (403 Forbidden) a CREATE or UPDATE whose spec is invalid, or that
/// would make the monitor lose to an existing monitor by the controller's rule
/// (``ConflictResolver``): on CREATE the new monitor is younger than every
/// existing one; on UPDATE it keeps its age and the stored version of itself is
/// left out, so an update of a winning monitor is allowed and the monitors it
/// now conflicts with lose (the controller degrades them). Monitors that are
/// themselves losing run nowhere and do not block. An UPDATE that leaves the
/// spec as it was (labels, annotations, finalizers), or of a monitor being
/// deleted, is allowed without the conflict check, so finalizers can always
/// be removed. Other operations are allowed. A review that is not an
/// AdmissionReview v1 request gets `allowed: false` with code 400.
public enum AdmissionReviewer {
    public static let apiVersion = "admission.k8s.io/v1"
    public static let kind = "AdmissionReview"

    public static func review(_ review: JSONValue, monitors: [MonitorSummary], nodes: [NodeSummary]) -> JSONValue {
        let request = review["request"]
        let uid = request["uid"].stringValue ?? ""

        guard review.objectValue != nil else {
            return badRequest(uid: uid, "the body must be an AdmissionReview object, not \(review.typeName)")
        }
        if let reviewKind = review["kind"].stringValue, reviewKind != kind {
            return badRequest(uid: uid, "expected kind \(kind), got \(GoFormat.quote(reviewKind))")
        }
        if let version = review["apiVersion"].stringValue, version != apiVersion {
            return badRequest(uid: uid, "expected apiVersion \(apiVersion), got \(GoFormat.quote(version))")
        }
        guard request.objectValue != nil else {
            return badRequest(uid: uid, "the AdmissionReview has no request")
        }
        guard !uid.isEmpty else {
            return badRequest(uid: uid, "the AdmissionReview request has no uid")
        }
        let requestKind = request["kind"]
        if requestKind != .null,
            requestKind["group"].stringValue != OperatorNames.group || requestKind["kind"].stringValue != OperatorNames.kind
        {
            return badRequest(
                uid: uid,
                "expected a request for \(OperatorNames.group)/\(OperatorNames.kind), got \(requestKind.jsonString)")
        }
        guard let operation = request["operation"].stringValue else {
            return badRequest(uid: uid, "the AdmissionReview request has no operation")
        }

        switch operation {
        case "CREATE", "UPDATE":
            break
        case "DELETE", "CONNECT":
            return allowed(uid: uid)
        default:
            return badRequest(uid: uid, "unknown operation \(GoFormat.quote(operation))")
        }

        let object = request["object"]
        guard object.objectValue != nil else {
            return badRequest(uid: uid, "the \(operation) request has no object")
        }
        let oldObject = request["oldObject"]
        if operation == "UPDATE", oldObject.objectValue == nil {
            return badRequest(uid: uid, "the UPDATE request has no oldObject")
        }

        let monitor = PFLACPMonitor(json: object)
        let stored = PFLACPMonitor(json: oldObject)
        if operation == "UPDATE" {
            if monitor.metadata.isBeingDeleted { return allowed(uid: uid) }
            if semanticallyEqual(monitor.rawSpec, stored.rawSpec) { return allowed(uid: uid) }
        }

        let spec: MonitorSpec
        switch monitor.spec {
        case .failure(let errors):
            return denied(uid: uid, "\(OperatorNames.kind) \(GoFormat.quote(monitor.metadata.name)) is invalid: \(errors.description)")
        case .success(let parsed):
            spec = parsed
        }

        guard let candidateID = monitor.id ?? stored.id else {
            return badRequest(uid: uid, "the object has no metadata.name")
        }
        let candidateUID = monitor.metadata.uid
        let isCreate = operation == "CREATE"
        var candidate = MonitorSummary(
            id: candidateID,
            uid: candidateUID,
            creationTimestamp: monitor.metadata.creationTimestamp ?? "",
            interfaces: spec.interfaces,
            nodeSelection: spec.nodeSelection)

        let others = monitors.filter { existing in
            existing.id != candidateID && (candidateUID.isEmpty || existing.uid != candidateUID)
        }
        let contenders: [MonitorSummary]
        if isCreate {
            // Every existing monitor is older: rank the new one last, whatever its timestamp.
            contenders = others
            candidate.creationTimestamp = ""
        } else {
            contenders = others.filter { ranksBefore($0, candidate) }
        }
        let verdicts = ConflictResolver.resolve(monitors: contenders + [candidate], nodes: nodes)
        if case .conflict(let conflict)? = verdicts[candidateID] {
            return denied(uid: uid, "\(OperatorNames.kind) \(candidateID) \(conflict.message)")
        }
        return allowed(uid: uid)
    }

    /// Whether `existing` ranks before `candidate` in the resolver's order.
    private static func ranksBefore(_ existing: MonitorSummary, _ candidate: MonitorSummary) -> Bool {
        switch (existing.age, candidate.age) {
        case (let left?, let right?): return left != right ? left < right : existing.id < candidate.id
        case (.some, .none): return true
        case (.none, .some): return false
        case (.none, .none): return existing.id < candidate.id
        }
    }

    // MARK: - Responses

    static func allowed(uid: String) -> JSONValue {
        response(["uid": .string(uid), "allowed": true])
    }

    static func denied(uid: String, _ message: String) -> JSONValue {
        response([
            "uid": .string(uid),
            "allowed": false,
            "status": ["code": 403, "reason": "Forbidden", "message": .string(message)],
        ])
    }

    static func badRequest(uid: String, _ message: String) -> JSONValue {
        response([
            "uid": .string(uid),
            "allowed": false,
            "status": ["code": 400, "reason": "BadRequest", "message": .string("malformed admission review: \(message)")],
        ])
    }

    private static func response(_ body: JSONValue) -> JSONValue {
        ["apiVersion": .string(apiVersion), "kind": .string(kind), "response": body]
    }
}
