import JSONValues
import KubeModel
import Logging
import OperatorCore

/// The validating webhook for PFLACPMonitors: the spec rules and the conflict
/// rule, judged against the watch caches (what the controller sees).
struct AdmissionWebhook: Sendable {
    static let path = "/validate-pfstatusrelay-openshift-io-v1alpha1-pflacpmonitor"

    let controller: MonitorController
    let logger: Logger

    func handle(_ request: HTTPEndpoint.Request) async -> HTTPEndpoint.Response {
        guard request.path == Self.path else { return .text(404, "not found") }
        guard request.method == "POST" else { return .text(405, "method not allowed") }
        let review: JSONValue
        do {
            review = try JSONValue.decode(request.body)
        } catch {
            return .text(400, "the body is not an AdmissionReview: \(error)")
        }
        let answer = AdmissionReviewer.review(review, monitors: controller.monitorSummaries, nodes: controller.nodeSummaries)
        if answer["response"]["allowed"].boolValue != true {
            logger.info("admission denied", metadata: [
                "monitor": "\(review["request"]["namespace"].stringValue ?? "")/\(review["request"]["name"].stringValue ?? "")",
                "reason": "\(answer["response"]["status"]["message"].stringValue ?? "")",
            ])
        }
        return HTTPEndpoint.Response(status: 200, contentType: "application/json", body: Array(answer.encoded()))
    }
}
