import Testing
import Logging
import Synchronization
@testable import RelayCore

/// A kernel for the monitor: PFs by name, VF link states that `setVFLinkStates`
/// changes, and failures to inject.
final class FakeLinks: LinkAccess {
    struct State {
        var pfs: [String: PFObservation] = [:]
        var setCalls: [[VFChange]] = []
        /// VF ids the fake refuses to set (the kernel stops at the first one).
        var refused: Set<UInt32> = []
        var observeError: (any Error)?
    }

    let state = Mutex(State())

    struct Refused: Error, CustomStringConvertible { var description: String { "invalid argument (EINVAL)" } }

    func observe(pf name: String) async throws -> PFObservation? {
        try state.withLock { state in
            if let error = state.observeError { throw error }
            return state.pfs[name]
        }
    }

    func setVFLinkStates(_ changes: [VFChange], on pf: PFObservation) async throws {
        try state.withLock { state in
            state.setCalls.append(changes)
            for change in changes {
                if state.refused.contains(change.id) { throw Refused() }
                if let position = state.pfs[pf.name]?.vfs.firstIndex(where: { $0.id == change.id }) {
                    state.pfs[pf.name]!.vfs[position].linkState = change.target
                }
            }
        }
    }
}

/// Keeps every log line as (level, message, metadata).
final class LogCapture: Sendable {
    struct Line: Equatable, Sendable { var level: Logger.Level; var message: String; var metadata: [String: String] }
    let lines = Mutex<[Line]>([])

    var logger: Logger {
        Logger(label: "test") { _ in Handler(capture: self) }
    }

    var messages: [String] { lines.withLock { $0.map(\.message) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .info   // the per-look debug line is not what these tests are about
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let metadata = (event.metadata ?? [:]).mapValues { "\($0)" }
            capture.lines.withLock { $0.append(Line(level: event.level, message: "\(event.message)", metadata: metadata)) }
        }
    }
}

@Suite struct MonitorTests {
    let links = FakeLinks()
    let logs = LogCapture()

    /// The monitor as the evaluation loop drives it: each evaluation goes to
    /// the schedule and the directory.
    struct Loop {
        var monitor: Monitor
        let schedule: EvaluationSchedule
        let directory: LinkDirectory

        mutating func evaluate(_ name: String) async {
            guard let evaluation = await monitor.evaluate(name) else { return }
            directory.record(evaluation)
            schedule.record(evaluation)
        }
    }

    func monitor(_ names: [String] = ["ens1f0"]) -> Loop {
        let schedule = EvaluationSchedule(names: names, timing: .init(pollingInterval: .seconds(1)))
        let directory = LinkDirectory(names: names)
        return Loop(monitor: Monitor(names: names, access: links, logger: logs.logger), schedule: schedule, directory: directory)
    }

    @Test func lacpDownDisablesAutoVFsInOneRequestAndLogsEach() async {
        links.state.withLock { $0.pfs["ens1f0"] = readyPF(partner: up.subtracting(.collecting), vfs: [.auto, .enable, .auto]) }
        var monitor = monitor()
        await monitor.evaluate("ens1f0")
        let calls = links.state.withLock { $0.setCalls }
        #expect(calls == [[VFChange(id: 0, target: .disable), VFChange(id: 2, target: .disable)]])
        #expect(links.state.withLock { $0.pfs["ens1f0"]!.vfs.map(\.linkState) } == [.disable, .enable, .disable])
        #expect(logs.messages == ["pf is ready", "VFs detected on interface", "lacp is down", "vf link state was set", "vf link state was set"])
        let set = logs.lines.withLock { $0.filter { $0.message == "vf link state was set" } }
        #expect(set.map(\.metadata) == [
            ["id": "0", "state": "disable", "interface": "ens1f0"],
            ["id": "2", "state": "disable", "interface": "ens1f0"],
        ])
    }

    @Test func levelTriggeredReapplicationCorrectsAVFFlippedBack() async {
        links.state.withLock { $0.pfs["ens1f0"] = readyPF(partner: [], vfs: [.auto]) }
        var monitor = monitor()
        await monitor.evaluate("ens1f0")
        links.state.withLock { $0.pfs["ens1f0"]!.vfs[0].linkState = .auto }    // another tool reverts it
        await monitor.evaluate("ens1f0")
        #expect(links.state.withLock { $0.setCalls.count } == 2)
        #expect(links.state.withLock { $0.pfs["ens1f0"]!.vfs[0].linkState } == .disable)
        #expect(logs.messages.filter { $0 == "lacp is down" }.count == 1)
    }

    @Test func partialFailureLogsOnlyWhatTheKernelApplied() async {
        links.state.withLock {
            $0.pfs["ens1f0"] = readyPF(partner: [], vfs: [.auto, .auto, .auto])
            $0.refused = [1]
        }
        var monitor = monitor()
        await monitor.evaluate("ens1f0")
        let lines = logs.lines.withLock { $0 }
        #expect(lines.filter { $0.message == "vf link state was set" }.map { $0.metadata["id"] } == ["0"])
        let failed = lines.filter { $0.message == "failed to set vf link state" }
        #expect(failed.map { $0.metadata["id"] } == ["1", "2"])
        #expect(failed.allSatisfy { $0.level == .error && $0.metadata["error"] == "invalid argument (EINVAL)" })

        // The retry on the next look: the refusal is gone, so VFs 1 and 2 are set and told.
        links.state.withLock { $0.refused = [] }
        await monitor.evaluate("ens1f0")
        #expect(links.state.withLock { $0.setCalls.last } == [VFChange(id: 1, target: .disable), VFChange(id: 2, target: .disable)])
        #expect(logs.lines.withLock { $0.filter { $0.message == "vf link state was set" }.count } == 3)
    }

    @Test func unreadablePFIsNotReadyWithTheError() async {
        struct Boom: Error, CustomStringConvertible { var description: String { "netlink says no" } }
        links.state.withLock { $0.observeError = Boom() }
        var monitor = monitor()
        await monitor.evaluate("ens1f0")
        let line = logs.lines.withLock { $0.first }
        #expect(line?.message == "pf is not ready")
        #expect(line?.metadata["error"] == "cannot read interface: netlink says no")
        #expect(links.state.withLock { $0.setCalls.isEmpty })
    }

    @Test func directoryLearnsIndexAndMasterForEventRouting() async {
        links.state.withLock { $0.pfs["ens1f0"] = readyPF(index: 7) }
        var monitor = monitor(["ens1f0", "ens2f0"])
        let directory = monitor.directory
        await monitor.evaluate("ens1f0")
        #expect(directory.interfaces(affectedByLink: 7, named: "renamed") == ["ens1f0"])
        #expect(directory.interfaces(affectedByLink: 9, named: "bond0") == ["ens1f0"])     // its master
        #expect(directory.interfaces(affectedByLink: 50, named: "ens2f0") == ["ens2f0"])   // by name, not yet seen
        #expect(directory.interfaces(affectedByLink: 50, named: "other").isEmpty)
    }

    @Test func readyPFsBecomeTapTargets() async {
        links.state.withLock { $0.pfs["ens1f0"] = readyPF(index: 7) }
        var monitor = monitor()
        let directory = monitor.directory
        var targets = directory.tapTargets.makeAsyncIterator()
        #expect(await targets.next() == [:])
        await monitor.evaluate("ens1f0")
        #expect(await targets.next() == ["ens1f0": 7])
        links.state.withLock { $0.pfs["ens1f0"] = nil }
        await monitor.evaluate("ens1f0")
        #expect(await targets.next() == [:])
    }

    /// A tap that saw one LACPDU.
    struct OneSighting: LACPDUSightings {
        let last: LACPDUSighting
        func watch(_ name: String) -> LACPDUWatch { .watching(last: last) }
        func hasUnread(_ name: String) -> Bool { false }
    }

    @Test func anEvaluationCarriesWhatTheScheduleNeeds() async throws {
        links.state.withLock { $0.pfs["ens1f0"] = readyPF(partner: [], vfs: [.auto]) }
        let seen = ContinuousClock.now
        let sightings = OneSighting(last: LACPDUSighting(at: seen, partnerFastRate: true))
        var monitor = Monitor(names: ["ens1f0"], access: links, logger: logs.logger, sightings: sightings)
        let evaluation = try #require(await monitor.evaluate("ens1f0"))
        #expect(evaluation.readiness == .ready)
        #expect(evaluation.lacpUp == false)
        #expect(evaluation.lastLACPDU == seen)
        #expect(await monitor.evaluate("not-configured") == nil)

        // LACP down just after a LACPDU: the schedule follows up closely.
        let schedule = EvaluationSchedule(names: ["ens1f0"], timing: .init(pollingInterval: .seconds(60)), now: seen)
        _ = schedule.takeDue(now: seen)
        schedule.record(evaluation, now: seen)
        #expect(schedule.nextDeadline() == seen + schedule.timing.followUpStep)
    }
}
