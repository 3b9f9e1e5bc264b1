import BuildInfo
import ArgumentParser
import OperatorCore
@testable import OperatorShell
import Testing

/// The operator's command line beyond its endpoints: the relay metrics port
/// over its environment form, and `--version`.
@Suite struct OperatorCommandTests {
    static let environment = ["PF_STATUS_RELAY_IMAGE": "img:1", "PF_STATUS_RELAY_METRICS_PORT": "9100"]

    @Test func theRelayMetricsPortFlagWinsOverTheEnvironmentAndZeroTurnsItOff() throws {
        #expect(try OperatorCommand.parse([]).settings(environment: Self.environment).relayMetricsPort == 9100)
        #expect(try OperatorCommand.parse(["--relay-metrics-port", "9808"]).settings(environment: Self.environment).relayMetricsPort == 9808)
        #expect(try OperatorCommand.parse(["--relay-metrics-port", "0"]).settings(environment: Self.environment).relayMetricsPort == nil)
        #expect(try OperatorCommand.parse([]).settings(environment: ["PF_STATUS_RELAY_IMAGE": "img:1"]).relayMetricsPort == nil, "off by default")
        #expect(throws: (any Error).self) { try OperatorCommand.parse(["--relay-metrics-port", "65536"]) }
        #expect(throws: (any Error).self) { try OperatorCommand.parse(["--relay-metrics-port", "-1"]) }
    }

    @Test func versionPrintsTheCompiledInVersion() {
        do {
            _ = try OperatorCommand.parseAsRoot(["--version"])
            Issue.record("--version parsed as a run")
        } catch {
            #expect(OperatorCommand.fullMessage(for: error) == BuildInfo.version)
            #expect(OperatorCommand.exitCode(for: error) == .success)
        }
    }
}
