import Testing
@testable import RelayCore

@Suite struct PFTrackerTests {
    @Test func firstLookTellsReadinessVFsAndLACP() {
        var tracker = PFTracker(name: "ens1f0")
        let plan = tracker.observe(readyPF())
        #expect(plan.events == [.pfReady(interface: "ens1f0"), .vfsDetected(interface: "ens1f0", count: 2), .lacpUp(interface: "ens1f0")])
        #expect(plan.changes.isEmpty)
    }

    @Test func transitionsAreToldOnceNotOnEveryPoll() {
        var tracker = PFTracker(name: "p")
        _ = tracker.observe(readyPF(name: "p"))
        #expect(tracker.observe(readyPF(name: "p")).events.isEmpty)
        let down = readyPF(name: "p", partner: up.subtracting(.distributing))
        let first = tracker.observe(down)
        #expect(first.events == [.lacpDown(interface: "p", reason: .kernel)])
        #expect(first.changes == [VFChange(id: 0, target: .disable), VFChange(id: 1, target: .disable)])
        // Still down, VFs still auto (the set failed or someone reverted them): no new event, same changes.
        let again = tracker.observe(down)
        #expect(again.events.isEmpty)
        #expect(again.changes.count == 2)
    }

    @Test func recoveryRestoresDisabledVFs() {
        var tracker = PFTracker(name: "p")
        _ = tracker.observe(readyPF(name: "p", partner: [], vfs: [.disable, .enable]))
        let plan = tracker.observe(readyPF(name: "p", vfs: [.disable, .enable]))
        #expect(plan.events == [.lacpUp(interface: "p")])
        #expect(plan.changes == [VFChange(id: 0, target: .auto)])
    }

    @Test func notReadyPFHasNoChangesAndTellsItsReasonOnce() {
        var tracker = PFTracker(name: "p")
        var pf = readyPF(name: "p", partner: [])
        pf.master?.bondMode = .activeBackup
        let plan = tracker.observe(pf)
        #expect(plan.events == [.pfNotReady(interface: "p", reason: .bondModeNot8023AD(bond: "bond0", mode: .activeBackup))])
        #expect(plan.changes.isEmpty)
        #expect(tracker.observe(pf).events.isEmpty)
        #expect(tracker.observe(nil).events == [.pfNotReady(interface: "p", reason: .notFound)])
    }

    @Test func aPFThatComesBackIsToldAgainInFull() {
        var tracker = PFTracker(name: "p")
        _ = tracker.observe(readyPF(name: "p"))
        _ = tracker.observe(nil)
        let plan = tracker.observe(readyPF(name: "p"))
        #expect(plan.events == [.pfReady(interface: "p"), .vfsDetected(interface: "p", count: 2), .lacpUp(interface: "p")])
    }

    @Test func vfCountChangesAreTold() {
        var tracker = PFTracker(name: "p")
        #expect(tracker.observe(readyPF(name: "p", vfs: [])).events.contains(.noVFs(interface: "p")))
        #expect(tracker.observe(readyPF(name: "p", vfs: [.auto, .auto, .auto])).events == [.vfsDetected(interface: "p", count: 3)])
        #expect(tracker.observe(readyPF(name: "p", vfs: [])).events == [.noVFs(interface: "p")])
    }

    @Test func slowRateIsWarnedOnce() {
        var tracker = PFTracker(name: "p")
        #expect(tracker.observe(readyPF(name: "p", rate: .slow)).events.contains(.slowLACPRate(interface: "p")))
        #expect(tracker.observe(readyPF(name: "p", rate: .slow)).events.isEmpty)
        #expect(tracker.observe(readyPF(name: "p", rate: .fast)).events.isEmpty)
        #expect(tracker.observe(readyPF(name: "p", rate: .slow)).events == [.slowLACPRate(interface: "p")])
    }

    @Test func successIsToldOnlyForConfirmedVFsAndRepeatedFailuresOnce() {
        var tracker = PFTracker(name: "p")
        _ = tracker.observe(readyPF(name: "p", partner: []))
        let changes = [VFChange(id: 0, target: .disable), VFChange(id: 1, target: .disable)]
        let first = tracker.applied(changes, confirmed: [0], error: "invalid argument (EINVAL)")
        #expect(first == [
            .vfLinkStateSet(interface: "p", id: 0, state: .disable),
            .vfLinkStateFailed(interface: "p", id: 1, error: "invalid argument (EINVAL)"),
        ])
        #expect(tracker.applied([changes[1]], confirmed: [], error: "invalid argument (EINVAL)").isEmpty)
        #expect(tracker.applied([changes[1]], confirmed: [], error: "busy") == [.vfLinkStateFailed(interface: "p", id: 1, error: "busy")])
        #expect(tracker.applied([changes[1]], confirmed: [1], error: nil) == [.vfLinkStateSet(interface: "p", id: 1, state: .disable)])
    }
}
