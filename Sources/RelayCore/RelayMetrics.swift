public import CoreMetrics
import LinkConstants
import Synchronization

/// The daemon's metrics, recorded through swift-metrics from what each look
/// found (`Evaluation`), so the monitor itself stays unaware of them. Every
/// series of a configured PF exists from the start (counters at 0), so that
/// rates and alerts see a PF before its first transition.
///
/// With swift-metrics' no-op factory (metrics off) every call costs a
/// dictionary lookup and a virtual call that does nothing.
public final class RelayMetrics: Sendable {
    /// Every family: its name and HELP text, and a histogram's buckets. The
    /// process shell hands these to the exporter; the tests compare them with
    /// a scrape and with the README.
    public static let catalog: [(name: String, help: String, buckets: [Duration])] = [
        ("pf_status_relay_build_info", "The daemon's version; always 1.", []),
        ("pf_status_relay_pf_ready", "1 when the PF can be monitored: up, the only port of an 802.3ad bond that reports LACP state.", []),
        ("pf_status_relay_pf_not_ready", "1 for the reason the PF is not ready, 0 for the other reasons.", []),
        ("pf_status_relay_lacp_up", "1 when the relay treats the PF's LACP as up, 0 when down or not known (PF not ready).", []),
        ("pf_status_relay_lacp_actor_port_state", "The 802.3ad actor port state bits the bond reports for the PF (0 to 255).", []),
        ("pf_status_relay_lacp_partner_port_state", "The 802.3ad partner port state bits the bond reports for the PF (0 to 255).", []),
        ("pf_status_relay_vfs", "The PF's VFs by link state, after the look's changes.", []),
        ("pf_status_relay_lacp_transitions_total", "LACP verdicts that changed (the first after the PF becomes ready included), by new state.", []),
        ("pf_status_relay_vf_link_state_changes_total", "VF link state changes the kernel confirmed, by new state.", []),
        ("pf_status_relay_vf_link_state_failures_total", "VF link state changes the kernel did not make.", []),
        ("pf_status_relay_looks_total", "Looks at the PF (netlink reads), by cause.", []),
        ("pf_status_relay_resyncs_total", "Times every PF was read again because link events were lost or unreadable, by reason.", []),
        ("pf_status_relay_last_lacpdu_age_seconds", "Seconds since the PF's LACPDU tap last saw a LACPDU.", []),
        ("pf_status_relay_reaction_seconds",
         "From when the daemon learned of a change (the event, LACPDU or look) to the kernel's confirmation of the VF changes.",
         [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
          .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5)]),
    ]

    /// The fixed reasons of `pf_status_relay_pf_not_ready`.
    public static let notReadyReasons = [
        "not_found", "oper_state_not_up", "no_master", "master_not_bond", "bond_mode_not_802_3ad", "no_lacp_state", "unreadable",
    ]
    public static let resyncReasons = ["overrun", "undecodable", "resubscribe"]
    static let vfStates = VFLinkState.allCases.map(\.rawValue) + ["unknown"]

    /// One PF's series.
    private struct PFSeries: Sendable {
        let ready: Gauge
        let notReady: [String: Gauge]
        let lacpUp: Gauge
        let actorState: Gauge
        let partnerState: Gauge
        let vfs: [String: Gauge]
        let transitions: [String: Counter]
        let vfChanges: [String: Counter]
        let vfFailures: Counter
        let looks: [LookCause: Counter]
        let reaction: Timer

        init(_ name: String, factory: any MetricsFactory) {
            let pf = [("interface", name)]
            func gauge(_ label: String, _ extra: [(String, String)] = []) -> Gauge {
                Gauge(label: label, dimensions: pf + extra, factory: factory)
            }
            func counter(_ label: String, _ extra: [(String, String)] = []) -> Counter {
                Counter(label: label, dimensions: pf + extra, factory: factory)
            }
            ready = gauge("pf_status_relay_pf_ready")
            notReady = Dictionary(uniqueKeysWithValues: RelayMetrics.notReadyReasons.map {
                ($0, gauge("pf_status_relay_pf_not_ready", [("reason", $0)]))
            })
            lacpUp = gauge("pf_status_relay_lacp_up")
            actorState = gauge("pf_status_relay_lacp_actor_port_state")
            partnerState = gauge("pf_status_relay_lacp_partner_port_state")
            vfs = Dictionary(uniqueKeysWithValues: RelayMetrics.vfStates.map { ($0, gauge("pf_status_relay_vfs", [("link_state", $0)])) })
            transitions = Dictionary(uniqueKeysWithValues: ["up", "down"].map {
                ($0, counter("pf_status_relay_lacp_transitions_total", [("state", $0)]))
            })
            vfChanges = Dictionary(uniqueKeysWithValues: [VFLinkState.auto, .disable].map {
                ($0.rawValue, counter("pf_status_relay_vf_link_state_changes_total", [("state", $0.rawValue)]))
            })
            vfFailures = counter("pf_status_relay_vf_link_state_failures_total")
            looks = Dictionary(uniqueKeysWithValues: LookCause.allCases.map {
                ($0, counter("pf_status_relay_looks_total", [("cause", $0.rawValue)]))
            })
            reaction = Timer(label: "pf_status_relay_reaction_seconds", dimensions: pf, factory: factory)
        }
    }

    private let series: [String: PFSeries]
    /// What each PF's gauges last showed.
    private let shown = Mutex<[String: Shown]>([:])
    private let resyncs: [String: Counter]
    /// Made for a PF once its tap has seen a LACPDU: an age of 0 for a PF
    /// that never saw one would read as "just now".
    private let lacpduAges = Mutex<[String: Gauge]>([:])
    private let factory: any MetricsFactory

    public init(names: [String], version: String, factory: any MetricsFactory) {
        self.factory = factory
        series = Dictionary(names.map { ($0, PFSeries($0, factory: factory)) }, uniquingKeysWith: { first, _ in first })
        resyncs = Dictionary(uniqueKeysWithValues: Self.resyncReasons.map {
            ($0, Counter(label: "pf_status_relay_resyncs_total", dimensions: [("reason", $0)], factory: factory))
        })
        Gauge(label: "pf_status_relay_build_info", dimensions: [("version", version)], factory: factory).record(1)
        for pf in series.values {
            pf.ready.record(0)
            pf.lacpUp.record(0)
            pf.actorState.record(0)
            pf.partnerState.record(0)
            pf.notReady.values.forEach { $0.record(0) }
            pf.vfs.values.forEach { $0.record(0) }
            pf.transitions.values.forEach { $0.increment(by: 0) }
            pf.vfChanges.values.forEach { $0.increment(by: 0) }
            pf.vfFailures.increment(by: 0)
            pf.looks.values.forEach { $0.increment(by: 0) }
        }
        resyncs.values.forEach { $0.increment(by: 0) }
    }

    /// Records one look: why it happened, what it found, what it changed and
    /// how long from the news to the kernel's confirmation. The gauges are
    /// written only when what they show changed: a PF is looked at up to
    /// hundreds of times a second around an expected LACP expiry.
    public func record(_ look: DueLook, _ evaluation: Evaluation) {
        guard let pf = series[evaluation.name] else { return }
        pf.looks[look.cause]?.increment()
        let now = Shown(evaluation)
        let before = shown.withLock { shown in
            defer { shown[evaluation.name] = now }
            return shown[evaluation.name]
        }
        if now != before { show(now, before, on: pf) }

        if !evaluation.vfChanges.isEmpty {
            var failed = 0
            for change in evaluation.vfChanges {
                if evaluation.vfChangesConfirmed.contains(change.id) {
                    pf.vfChanges[change.target.rawValue]?.increment()
                } else {
                    failed += 1
                }
            }
            if failed > 0 { pf.vfFailures.increment(by: failed) }
        }
        for event in evaluation.events {
            switch event {
            case .lacpUp: pf.transitions["up"]?.increment()
            case .lacpDown: pf.transitions["down"]?.increment()
            default: break
            }
        }
        if let confirmed = evaluation.vfChangesConfirmedAt {
            pf.reaction.recordInterval(since: look.learnedAt, until: confirmed)
        }
    }

    /// What a PF's gauges show.
    private struct Shown: Equatable, Sendable {
        var ready: Bool
        var reason: String?
        var lacpUp: Bool
        var actor: UInt16
        var partner: UInt16
        /// VFs by link state after the look's confirmed changes: auto, enable, disable, unknown.
        var vfs: [Int]

        init(_ evaluation: Evaluation) {
            ready = evaluation.readiness.isReady
            reason = evaluation.readiness.notReadyReason?.metricLabel
            lacpUp = evaluation.lacpUp == true
            actor = evaluation.observation?.actorState?.rawValue ?? 0
            partner = evaluation.observation?.partnerState?.rawValue ?? 0
            var vfs = [0, 0, 0, 0]
            for vf in evaluation.observation?.vfs ?? [] {
                var state = vf.linkState
                if !evaluation.vfChanges.isEmpty, evaluation.vfChangesConfirmed.contains(vf.id),
                   let change = evaluation.vfChanges.first(where: { $0.id == vf.id }) {
                    state = change.target
                }
                switch state {
                case .auto: vfs[0] += 1
                case .enable: vfs[1] += 1
                case .disable: vfs[2] += 1
                case nil: vfs[3] += 1
                }
            }
            self.vfs = vfs
        }
    }

    private func show(_ now: Shown, _ before: Shown?, on pf: PFSeries) {
        if now.ready != before?.ready { pf.ready.record(now.ready ? 1 : 0) }
        if now.reason != before?.reason {
            for (label, gauge) in pf.notReady { gauge.record(label == now.reason ? 1 : 0) }
        }
        if now.lacpUp != before?.lacpUp { pf.lacpUp.record(now.lacpUp ? 1 : 0) }
        if now.actor != before?.actor { pf.actorState.record(Int(now.actor)) }
        if now.partner != before?.partner { pf.partnerState.record(Int(now.partner)) }
        if now.vfs != before?.vfs {
            for (index, state) in ["auto", "enable", "disable", "unknown"].enumerated() { pf.vfs[state]?.record(now.vfs[index]) }
        }
    }

    /// Every PF was read again, for `reason` (one of `resyncReasons`).
    public func recordResync(reason: String) {
        resyncs[reason]?.increment()
    }

    /// Sets each PF's LACPDU age from the last LACPDU its tap saw (nil: none
    /// seen, the series stays absent). Called just before a scrape renders.
    public func updateLACPDUAges(lastSeen: [String: ContinuousClock.Instant?], now: ContinuousClock.Instant = .now) {
        let factory = self.factory
        lacpduAges.withLock { ages in
            for (name, last) in lastSeen {
                guard series[name] != nil, let last else { continue }
                let gauge = ages[name] ?? Gauge(
                    label: "pf_status_relay_last_lacpdu_age_seconds", dimensions: [("interface", name)], factory: factory)
                ages[name] = gauge
                gauge.record((now - last).seconds)
            }
        }
    }
}

extension Timer {
    /// Records the time from `start` to `end` (0 when `end` is earlier).
    func recordInterval(since start: ContinuousClock.Instant, until end: ContinuousClock.Instant) {
        let (seconds, attoseconds) = max(end - start, .zero).components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension Duration {
    /// In seconds, as a Double (for gauges).
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension Readiness {
    /// The reason, when not ready.
    public var notReadyReason: NotReadyReason? {
        if case let .notReady(reason) = self { return reason }
        return nil
    }
}

extension NotReadyReason {
    /// The reason as a metric label: one of a fixed set, without the details.
    public var metricLabel: String {
        switch self {
        case .notFound: "not_found"
        case .operStateNotUp: "oper_state_not_up"
        case .noMaster: "no_master"
        case .masterNotBond: "master_not_bond"
        case .bondModeNot8023AD: "bond_mode_not_802_3ad"
        case .noLACPState: "no_lacp_state"
        case .unreadable: "unreadable"
        }
    }
}
