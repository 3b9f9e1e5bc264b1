import Foundation
import LinkConstants
import MetricsExposition
import RelayCore
import Testing
@testable import RelayDaemon

/// The daemon's metrics as a scraper reads them: RelayMetrics recording into
/// the Prometheus exporter the daemon uses, and the families the README's
/// table documents.
@Suite("Relay metrics")
struct RelayMetricsTests {
    let exporter = PrometheusExporter.relay()
    let start = ContinuousClock.now

    func text() -> String { String(decoding: exporter.exposition(), as: UTF8.self) }

    /// The value of one series ("" when absent), as %g would print it.
    func value(_ series: String) -> Double? {
        for line in text().split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    static func pf(actor: UInt16 = 63, partner: UInt16 = 63, vfs: [VFLinkState?]) -> PFObservation {
        PFObservation(
            name: "pf0", index: 7, operState: .up,
            master: MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .ieee8023AD, lacpRate: .fast),
            slaveKind: "bond", actorState: LACPPortState(rawValue: actor), partnerState: LACPPortState(rawValue: partner),
            vfs: vfs.enumerated().map { VF(id: UInt32($0.offset), linkState: $0.element) }
        )
    }

    @Test("every series of a configured PF exists from the start, counters at 0")
    func seriesExistFromTheStart() {
        _ = RelayMetrics(names: ["pf0"], version: "9.9.9", factory: exporter)
        #expect(value(#"pf_status_relay_build_info{version="9.9.9"}"#) == 1)
        #expect(value(#"pf_status_relay_looks_total{interface="pf0",cause="expiry_watch"}"#) == 0)
        #expect(value(#"pf_status_relay_lacp_transitions_total{interface="pf0",state="down"}"#) == 0)
        #expect(value(#"pf_status_relay_vf_link_state_failures_total{interface="pf0"}"#) == 0)
        #expect(value(#"pf_status_relay_resyncs_total{reason="overrun"}"#) == 0)
        #expect(value(#"pf_status_relay_reaction_seconds_count{interface="pf0"}"#) == 0)
        // No LACPDU seen: no age (0 would read as "just now").
        #expect(!text().contains("pf_status_relay_last_lacpdu_age_seconds{"))
    }

    @Test("a look that takes LACP down: readiness, states, VFs after the changes, transition, reaction")
    func lacpDownLook() {
        let metrics = RelayMetrics(names: ["pf0"], version: "1", factory: exporter)
        var evaluation = Evaluation(name: "pf0", observation: Self.pf(partner: 7, vfs: [.auto, .enable, .auto]), readiness: .ready, lacpUp: false)
        evaluation.events = [.lacpDown(interface: "pf0", reason: .kernel)]
        evaluation.vfChanges = [VFChange(id: 0, target: .disable), VFChange(id: 2, target: .disable)]
        evaluation.vfChangesConfirmed = [0]
        evaluation.vfChangesConfirmedAt = start + .milliseconds(12)
        metrics.record(DueLook(name: "pf0", cause: .linkEvent, learnedAt: start), evaluation)

        #expect(value(#"pf_status_relay_pf_ready{interface="pf0"}"#) == 1)
        #expect(value(#"pf_status_relay_lacp_up{interface="pf0"}"#) == 0)
        #expect(value(#"pf_status_relay_lacp_actor_port_state{interface="pf0"}"#) == 63)
        #expect(value(#"pf_status_relay_lacp_partner_port_state{interface="pf0"}"#) == 7)
        #expect(value(#"pf_status_relay_vfs{interface="pf0",link_state="disable"}"#) == 1)
        #expect(value(#"pf_status_relay_vfs{interface="pf0",link_state="auto"}"#) == 1)   // VF 2's change failed
        #expect(value(#"pf_status_relay_vfs{interface="pf0",link_state="enable"}"#) == 1)
        #expect(value(#"pf_status_relay_vf_link_state_changes_total{interface="pf0",state="disable"}"#) == 1)
        #expect(value(#"pf_status_relay_vf_link_state_failures_total{interface="pf0"}"#) == 1)
        #expect(value(#"pf_status_relay_lacp_transitions_total{interface="pf0",state="down"}"#) == 1)
        #expect(value(#"pf_status_relay_looks_total{interface="pf0",cause="link_event"}"#) == 1)
        #expect(value(#"pf_status_relay_reaction_seconds_count{interface="pf0"}"#) == 1)
        #expect(value(#"pf_status_relay_reaction_seconds_sum{interface="pf0"}"#) == 0.012)
        #expect(value(#"pf_status_relay_reaction_seconds_bucket{interface="pf0",le="0.01"}"#) == 0)
        #expect(value(#"pf_status_relay_reaction_seconds_bucket{interface="pf0",le="0.025"}"#) == 1)
    }

    @Test("a PF not ready: the one reason set, LACP and VFs unknown")
    func notReady() {
        let metrics = RelayMetrics(names: ["pf0"], version: "1", factory: exporter)
        metrics.record(
            DueLook(name: "pf0", cause: .poll, learnedAt: start),
            Evaluation(name: "pf0", observation: nil, readiness: .notReady(.notFound))
        )
        #expect(value(#"pf_status_relay_pf_ready{interface="pf0"}"#) == 0)
        for reason in RelayMetrics.notReadyReasons {
            #expect(value(#"pf_status_relay_pf_not_ready{interface="pf0",reason="\#(reason)"}"#) == (reason == "not_found" ? 1 : 0))
        }
        #expect(value(#"pf_status_relay_vfs{interface="pf0",link_state="auto"}"#) == 0)
        #expect(value(#"pf_status_relay_reaction_seconds_count{interface="pf0"}"#) == 0)
    }

    @Test("resyncs by reason, and LACPDU ages once a LACPDU was seen")
    func resyncsAndAges() {
        let metrics = RelayMetrics(names: ["pf0", "pf1"], version: "1", factory: exporter)
        metrics.recordResync(reason: "overrun")
        metrics.recordResync(reason: "overrun")
        metrics.updateLACPDUAges(lastSeen: ["pf0": start, "pf1": nil], now: start + .milliseconds(2500))
        #expect(value(#"pf_status_relay_resyncs_total{reason="overrun"}"#) == 2)
        #expect(value(#"pf_status_relay_last_lacpdu_age_seconds{interface="pf0"}"#) == 2.5)
        #expect(!text().contains(#"pf_status_relay_last_lacpdu_age_seconds{interface="pf1"}"#))
    }

    @Test("every family has HELP and TYPE lines, and the README's table lists exactly these families")
    func documentedFamilies() throws {
        let metrics = RelayMetrics(names: ["pf0"], version: "1", factory: exporter)
        metrics.updateLACPDUAges(lastSeen: ["pf0": start])
        let exported = Set(text().split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) })
        let helped = Set(text().split(separator: "\n").filter { $0.hasPrefix("# HELP ") }.map { String($0.split(separator: " ")[2]) })
        let catalog = Set(RelayMetrics.catalog.map(\.name))
        #expect(exported == catalog)
        #expect(helped == catalog)
        #expect(try READMETables.metricNames(under: "### The daemon's metrics") == catalog)
    }
}

/// The metric tables of README.md: the first column of the table that
/// follows a heading, names in backticks.
enum READMETables {
    static func metricNames(under heading: String) throws -> Set<String> {
        let readme = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: "\n" + heading + "\n") else { return [] }
        var names: Set<String> = []
        var inTable = false
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") { break }
            if line.hasPrefix("| `") {
                inTable = true
                let cell = line.dropFirst(3)
                if let end = cell.firstIndex(of: "`") { names.insert(String(cell[..<end])) }
            } else if inTable, !line.hasPrefix("|") {
                break
            }
        }
        return names
    }
}
