import KubeModel
import OperatorCore
import Testing

@Suite("OperatorSettings from the environment")
struct OperatorSettingsTests {
    @Test("the image is required; the rest has defaults")
    func defaults() throws {
        let settings = try OperatorSettings.fromEnvironment(["PF_STATUS_RELAY_IMAGE": "quay.io/openshift/pf-status-relay:latest"])
        #expect(settings.image == "quay.io/openshift/pf-status-relay:latest")
        #expect(settings.serviceAccountName == "pf-status-relay")
        #expect(settings.priorityClassName == nil)
        #expect(settings.relayMetricsPort == nil)
    }

    @Test("every variable is read, values are trimmed, empty optional values count as unset")
    func everything() throws {
        let settings = try OperatorSettings.fromEnvironment([
            "PF_STATUS_RELAY_IMAGE": " registry.example.com/pfsr@sha256:0123 ",
            "PF_STATUS_RELAY_SERVICE_ACCOUNT": "relay",
            "PF_STATUS_RELAY_PRIORITY_CLASS": "system-node-critical",
            "PF_STATUS_RELAY_METRICS_PORT": " 9808 ",
            "UNRELATED": "x",
        ])
        #expect(
            settings
                == OperatorSettings(
                    image: "registry.example.com/pfsr@sha256:0123", serviceAccountName: "relay",
                    priorityClassName: "system-node-critical", relayMetricsPort: 9808))
        let blank = try OperatorSettings.fromEnvironment([
            "PF_STATUS_RELAY_IMAGE": "img", "PF_STATUS_RELAY_SERVICE_ACCOUNT": "", "PF_STATUS_RELAY_PRIORITY_CLASS": "  ",
            "PF_STATUS_RELAY_METRICS_PORT": "",
        ])
        #expect(blank.serviceAccountName == "pf-status-relay")
        #expect(blank.priorityClassName == nil)
        #expect(blank.relayMetricsPort == nil)
        let off = try OperatorSettings.fromEnvironment(["PF_STATUS_RELAY_IMAGE": "img", "PF_STATUS_RELAY_METRICS_PORT": "0"])
        #expect(off.relayMetricsPort == nil, "0 is off")
    }

    @Test(
        "bad settings fail with a message naming the variable",
        arguments: [
            (
                [:],
                "PF_STATUS_RELAY_IMAGE",
                "PF_STATUS_RELAY_IMAGE is not set: it must name the image of the pf-status-relay daemon, for example quay.io/openshift/pf-status-relay:latest"
            ),
            (
                ["PF_STATUS_RELAY_IMAGE": "  "],
                "PF_STATUS_RELAY_IMAGE",
                "PF_STATUS_RELAY_IMAGE is empty: it must name the image of the pf-status-relay daemon, for example quay.io/openshift/pf-status-relay:latest"
            ),
            (
                ["PF_STATUS_RELAY_IMAGE": "quay.io/a b"],
                "PF_STATUS_RELAY_IMAGE",
                #"PF_STATUS_RELAY_IMAGE must be an image reference without whitespace, got "quay.io/a b""#
            ),
            (
                ["PF_STATUS_RELAY_IMAGE": "img", "PF_STATUS_RELAY_SERVICE_ACCOUNT": "Relay_SA"],
                "PF_STATUS_RELAY_SERVICE_ACCOUNT",
                #"PF_STATUS_RELAY_SERVICE_ACCOUNT must be a ServiceAccount name, got "Relay_SA": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#
            ),
            (
                ["PF_STATUS_RELAY_IMAGE": "img", "PF_STATUS_RELAY_PRIORITY_CLASS": "-critical"],
                "PF_STATUS_RELAY_PRIORITY_CLASS",
                #"PF_STATUS_RELAY_PRIORITY_CLASS must be a PriorityClass name, got "-critical": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#
            ),
            (
                ["PF_STATUS_RELAY_IMAGE": "img", "PF_STATUS_RELAY_METRICS_PORT": "65536"],
                "PF_STATUS_RELAY_METRICS_PORT",
                #"PF_STATUS_RELAY_METRICS_PORT must be a port from 1 to 65535, or 0 for none (9808 is recommended), got "65536""#
            ),
            (
                ["PF_STATUS_RELAY_IMAGE": "img", "PF_STATUS_RELAY_METRICS_PORT": ":9808"],
                "PF_STATUS_RELAY_METRICS_PORT",
                #"PF_STATUS_RELAY_METRICS_PORT must be a port from 1 to 65535, or 0 for none (9808 is recommended), got ":9808""#
            ),
        ] as [([String: String], String, String)])
    func errors(environment: [String: String], variable: String, message: String) {
        #expect(throws: SettingsError(variable: variable, message: message)) {
            try OperatorSettings.fromEnvironment(environment)
        }
        do {
            _ = try OperatorSettings.fromEnvironment(environment)
        } catch {
            #expect("\(error)" == message)
        }
    }
}
