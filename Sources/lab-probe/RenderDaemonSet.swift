import JSONValues
import KernelSockets
import OperatorCore

// The DaemonSet the operator would create for the PFLACPMonitor on standard
// input, rendered by the operator's own code (OperatorCore's DaemonSetRenderer,
// which `pf-status-relay-operator render-daemonset` runs). The lab uses this
// when no operator binary is given, so that the demo does not have to build
// the operator's whole HTTP and TLS stack first.

func renderDaemonSet(namespace: String) {
    let settings: OperatorSettings
    do {
        settings = try OperatorSettings.fromEnvironment(ProcessEnvironment.current())
    } catch {
        fail(error.message)
    }
    var text = ""
    while let line = readLine(strippingNewline: false) { text += line }
    let monitor: JSONValue
    do {
        monitor = try JSONValue.decode(text)
    } catch {
        fail("standard input: not JSON: \(error)")
    }
    switch DaemonSetRenderer.render(monitor, namespace: namespace, settings: settings) {
    case .success(let rendered): StandardStreams.writeOutput(rendered)
    case .failure(let error): fail(error.message)
    }
}
