import LinkConstants
import Testing
@testable import RelayCore

/// The early verdict through PFTracker, on a clock the test moves: a partner
/// that sends every second, then stops.
@Suite struct LACPDUTimeoutTests {
    let t0 = ContinuousClock.now
    let timeout: Duration = .milliseconds(1500)

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }
    func seen(_ milliseconds: Int, fast: Bool = true) -> LACPDUWatch {
        .watching(last: LACPDUSighting(at: at(milliseconds), partnerFastRate: fast))
    }

    /// A tracker that has seen LACP up with a LACPDU at 0 ms.
    func healthy() -> PFTracker {
        var tracker = PFTracker(name: "p", lacpduTimeout: timeout)
        let plan = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(0), now: at(0))
        #expect(plan.events.contains(.lacpUp(interface: "p")))
        return tracker
    }

    @Test func silenceAsLongAsTheTimeoutIsAVerdictWhileTheKernelStillSaysUp() {
        var tracker = healthy()
        let before = tracker.observe(readyPF(name: "p", vfs: [.auto, .auto]), readiness: .ready, watch: seen(0), now: at(1499))
        #expect(before.events.isEmpty && before.changes.isEmpty)
        let plan = tracker.observe(readyPF(name: "p", vfs: [.auto, .auto]), readiness: .ready, watch: seen(0), now: at(1502))
        #expect(plan.events == [.lacpDown(interface: "p", reason: .lacpduTimeout(silence: .milliseconds(1502), timeout: timeout))])
        #expect(plan.changes == [VFChange(id: 0, target: .disable), VFChange(id: 1, target: .disable)])
    }

    @Test func aLACPDUWaitingInTheTapIsNoSilence() {
        var tracker = healthy()
        let plan = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(0), unread: { true }, now: at(1600))
        #expect(plan.events.isEmpty && plan.changes.isEmpty)
    }

    @Test func aLACPDULateBy200MillisecondsIsNoVerdict() {
        var tracker = healthy()
        for (now, last) in [(1000, 0), (1400, 0), (1450, 1200), (2200, 1200), (2650, 1200), (2700, 2200)] {
            let plan = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(last), now: at(now))
            #expect(plan.events.isEmpty && plan.changes.isEmpty, "at \(now) ms")
        }
    }

    @Test func aLoneLateLACPDUDoesNotBringTheVFsBack() {
        var tracker = healthy()
        _ = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(0), now: at(1500))
        let disabled: [VFLinkState?] = [.disable, .disable]
        // One LACPDU at 1600 ms, the kernel still up: held down, a look asked for when it could count.
        let late = tracker.observe(readyPF(name: "p", vfs: disabled), readiness: .ready, watch: seen(1600), now: at(1601))
        #expect(late.events.isEmpty && late.changes.isEmpty)
        #expect(late.lookAgainAt == at(4600))
        // Then silence again: still down, no new event.
        let silent = tracker.observe(readyPF(name: "p", vfs: disabled), readiness: .ready, watch: seen(1600), now: at(3100))
        #expect(silent.events.isEmpty && silent.changes.isEmpty)
        // The kernel expires: its verdict confirms the early one.
        let kernelDown = tracker.observe(readyPF(name: "p", partner: [.activity], vfs: disabled), readiness: .ready, watch: seen(1600), now: at(4700))
        #expect(kernelDown.events == [.lacpDownConfirmed(interface: "p", after: .milliseconds(3200))])
        #expect(kernelDown.changes.isEmpty)
        // The partner is back and the kernel says up: restored at once.
        let back = tracker.observe(readyPF(name: "p", vfs: disabled), readiness: .ready, watch: seen(9000), now: at(9050))
        #expect(back.events == [.lacpUp(interface: "p")])
        #expect(back.changes == [VFChange(id: 0, target: .auto), VFChange(id: 1, target: .auto)])
    }

    @Test func afterAFalseAlarmTheKernelIsBelievedOnceLACPDUsKeptTimeForItsWholeTimeout() {
        var tracker = healthy()
        _ = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(0), now: at(1500))
        let disabled: [VFLinkState?] = [.disable, .disable]
        for (now, last) in [(1700, 1650), (2650, 2650), (3650, 3650), (4640, 4640)] {
            let plan = tracker.observe(readyPF(name: "p", vfs: disabled), readiness: .ready, watch: seen(last), now: at(now))
            #expect(plan.events.isEmpty && plan.changes.isEmpty, "at \(now) ms")
            #expect(plan.lookAgainAt == at(4650))
        }
        let plan = tracker.observe(readyPF(name: "p", vfs: disabled), readiness: .ready, watch: seen(4640), now: at(4650))
        #expect(plan.events == [.lacpUp(interface: "p")])
        #expect(plan.changes.count == 2)
    }

    @Test func noVerdictAndNoRestoreBeforeTheTapHasSeenALACPDU() {
        var tracker = PFTracker(name: "p", lacpduTimeout: timeout)
        let disabled: [VFLinkState?] = [.disable, .auto]
        for watch in [LACPDUWatch.pending, .watching(last: nil)] {
            let plan = tracker.observe(readyPF(name: "p", vfs: disabled), readiness: .ready, watch: watch, now: at(5000))
            #expect(!plan.events.contains(.lacpUp(interface: "p")))
            #expect(plan.changes.isEmpty)
        }
        // A kernel "down" counts at once.
        let down = tracker.observe(readyPF(name: "p", partner: [.activity], vfs: disabled), readiness: .ready, watch: .pending, now: at(5100))
        #expect(down.events == [.lacpDown(interface: "p", reason: .kernel)])
        #expect(down.changes == [VFChange(id: 1, target: .disable)])
        // The first LACPDU with the kernel up: restored.
        let up = tracker.observe(readyPF(name: "p", vfs: [.disable, .disable]), readiness: .ready, watch: seen(6000), now: at(6001))
        #expect(up.events == [.lacpUp(interface: "p")])
    }

    @Test func withoutATapTheKernelDecides() {
        var tracker = PFTracker(name: "p", lacpduTimeout: timeout)
        let plan = tracker.observe(readyPF(name: "p", vfs: [.disable]), readiness: .ready, watch: .unavailable, now: at(0))
        #expect(plan.events.contains(.lacpUp(interface: "p")))
        #expect(plan.changes == [VFChange(id: 0, target: .auto)])
    }

    @Test func slowRatesSuspendTheRuleAndSayWhy() {
        var tracker = healthy()
        let slowPartner = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(500, fast: false), now: at(10_000))
        #expect(slowPartner.events == [.lacpduTimeoutSuspended(interface: "p", reason: .slowPartner)])
        #expect(slowPartner.changes.isEmpty)
        #expect(tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(500, fast: false), now: at(20_000)).events.isEmpty)
        let slowBond = tracker.observe(readyPF(name: "p", rate: .slow), readiness: .ready, watch: seen(500, fast: false), now: at(21_000))
        #expect(slowBond.events == [.slowLACPRate(interface: "p"), .lacpduTimeoutSuspended(interface: "p", reason: .slowBond)])
        let resumed = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(21_500), now: at(21_600))
        #expect(resumed.events == [.lacpduTimeoutResumed(interface: "p")])
        let silent = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(21_500), now: at(23_000))
        #expect(silent.events == [.lacpDown(interface: "p", reason: .lacpduTimeout(silence: .milliseconds(1500), timeout: timeout))])
    }

    @Test func withoutTheSettingSilenceMeansNothing() {
        var tracker = PFTracker(name: "p")
        _ = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(0), now: at(0))
        let plan = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(0), now: at(2900))
        #expect(plan.events.isEmpty && plan.changes.isEmpty)
    }

    @Test func aPFThatLeavesForgetsTheVerdict() {
        var tracker = healthy()
        _ = tracker.observe(readyPF(name: "p"), readiness: .ready, watch: seen(0), now: at(1500))
        _ = tracker.observe(nil)
        let plan = tracker.observe(readyPF(name: "p", vfs: [.disable, .disable]), readiness: .ready, watch: seen(2000), now: at(2100))
        #expect(plan.events.contains(.lacpUp(interface: "p")))
    }
}
