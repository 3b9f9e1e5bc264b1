public import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KernelSockets
import KubeClient
import JSONValues
import KubeModel
import OperatorCore

/// `pf-status-relay-operator render-daemonset [--namespace NS] FILE`: the
/// DaemonSet the operator would create for the PFLACPMonitor in FILE, printed
/// without a cluster (what the operator deploys; the lab runs the daemon with
/// that environment and those capabilities).
public struct RenderDaemonSetCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "render-daemonset",
        abstract: "Prints the DaemonSet the operator would create for a PFLACPMonitor, without a cluster.",
        discussion: """
            FILE holds one PFLACPMonitor (pfstatusrelay.openshift.io/v1alpha1) in JSON, or in YAML in a build \
            with the KubeconfigYAML trait (the default; the container image reads JSON only); "-" reads standard \
            input. The spec is validated as the webhook and the operator validate it. The DaemonSet is printed as \
            indented JSON with sorted keys, built exactly as the running operator builds it, with the settings it \
            reads from the environment: PF_STATUS_RELAY_IMAGE (required), PF_STATUS_RELAY_SERVICE_ACCOUNT, \
            PF_STATUS_RELAY_PRIORITY_CLASS and PF_STATUS_RELAY_METRICS_PORT (the relay's endpoints and probes; \
            absent or 0: none).

            The namespace is --namespace, else the monitor's metadata.namespace, else "default". A monitor \
            without metadata.uid (one that was never stored) has no owner: metadata.ownerReferences is left out; \
            with a uid (from `kubectl get pflm NAME -o yaml`) it is the operator's controller reference.

            Bad input (a missing or unreadable file, not a PFLACPMonitor, an invalid spec, missing settings) is \
            one line on standard error and exit code 2.
            """)

    @Option(help: "The monitor's namespace (default: its metadata.namespace, else \"default\").")
    var namespace: String?

    @Argument(help: "The PFLACPMonitor manifest (JSON or YAML; \"-\" for standard input).")
    var file: String

    public init() {}

    public func run() throws {
        switch Self.render(file: file, namespace: namespace, environment: ProcessInfo.processInfo.environment) {
        case .success(let text):
            StandardStreams.writeOutput(text)
        case .failure(let error):
            StandardStreams.writeError("pf-status-relay-operator: \(error)\n")
            throw ExitCode(2)
        }
    }

    /// The DaemonSet's text, or the one line that says what is wrong.
    static func render(file: String, namespace: String?, environment: [String: String]) -> Result<String, RenderError> {
        let settings: OperatorSettings
        do {
            settings = try OperatorSettings.fromEnvironment(environment)
        } catch {
            return .failure(RenderError(error.message))
        }
        let source = file == "-" ? "standard input" : file
        let text: String
        switch read(file) {
        case .failure(let error): return .failure(RenderError("\(source): \(error.message)"))
        case .success(let read): text = read
        }
        if text.allSatisfy(\.isWhitespace) {
            return .failure(RenderError("\(source): empty: expected a \(OperatorNames.kind)"))
        }
        let document: JSONValue
        do {
            document = try ManifestDocument.parse(text)
        } catch {
            return .failure(RenderError("\(source): \(oneLine(error.message))"))
        }
        return DaemonSetRenderer.render(document, namespace: namespace, settings: settings)
            .mapError { RenderError("\(source): \($0.message)") }
    }

    /// The text of `file`, or of standard input for "-".
    private static func read(_ file: String) -> Result<String, RenderError> {
        if file == "-" {
            var text = ""
            while let line = readLine(strippingNewline: false) { text += line }
            return .success(text)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            let exists = FileManager.default.fileExists(atPath: file)
            return .failure(RenderError(exists ? "cannot read the file" : "no such file"))
        }
        return .success(String(decoding: data, as: UTF8.self))
    }

    /// Parser messages can span lines (a YAML error quotes the line at fault
    /// and points a caret at the column); the error is one line, without the caret.
    private static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty && $0 != "^" }
            .joined(separator: " ")
    }
}
