import Testing
@testable import RelayCore

@Suite struct EvaluationScheduleTests {
    typealias Instant = ContinuousClock.Instant
    let start = ContinuousClock.now

    func schedule(_ names: [String] = ["a", "b"], interval: Duration = .seconds(1)) -> EvaluationSchedule {
        EvaluationSchedule(names: names, timing: .init(pollingInterval: interval), now: start)
    }

    @Test func everyPFIsDueAtStartThenOncePerInterval() {
        let schedule = schedule()
        #expect(schedule.takeDue(now: start) == ["a", "b"])
        #expect(schedule.takeDue(now: start + .milliseconds(999)).isEmpty)
        #expect(schedule.nextDeadline() == start + .seconds(1))
        #expect(schedule.takeDue(now: start + .seconds(1)) == ["a", "b"])
    }

    @Test func eachLookSaysWhyAndSinceWhenTheNewsIsKnown() {
        let schedule = schedule(interval: .seconds(60))
        #expect(schedule.takeDueLooks(now: start).map(\.cause) == [.poll, .poll])
        let event = start + .milliseconds(10)
        schedule.request("a", at: event, cause: .linkEvent)
        schedule.lacpduArrived("b", at: start + .milliseconds(12))
        let looks = schedule.takeDueLooks(now: start + .milliseconds(20))
        #expect(looks == [
            DueLook(name: "a", cause: .linkEvent, learnedAt: event),
            DueLook(name: "b", cause: .lacpduHint, learnedAt: start + .milliseconds(12)),
        ])
        // The expiry watch around b's LACP timeout (3 s after its LACPDU) learns at the look.
        let watch = start + .milliseconds(12) + .seconds(3) - schedule.timing.expiryLead
        schedule.requestAll(at: start + .seconds(1))
        let polls = schedule.takeDueLooks(now: start + .seconds(1))
        #expect(schedule.takeDueLooks(now: watch) == [DueLook(name: "b", cause: .expiryWatch, learnedAt: watch)])
        #expect(polls.map(\.cause) == [.resync, .resync])
        // A request wins a tie with the poll.
        let tie = self.schedule()
        tie.request("a", at: start, cause: .linkEvent)
        #expect(tie.takeDueLooks(now: start).map(\.cause) == [.linkEvent, .poll])
    }

    @Test func requestsMakeOnePFDueEarly() {
        let schedule = schedule()
        _ = schedule.takeDue(now: start)
        schedule.request("b", at: start + .milliseconds(5), cause: .linkEvent)
        schedule.request("ghost", at: start, cause: .linkEvent)               // not configured: ignored
        #expect(schedule.nextDeadline() == start + .milliseconds(5))
        #expect(schedule.takeDue(now: start + .milliseconds(5)) == ["b"])
        // b's poll stays in step with a's: one wake-up for both.
        #expect(schedule.nextDeadline() == start + .seconds(1))
        #expect(schedule.takeDue(now: start + .seconds(1)) == ["a", "b"])
    }

    @Test func pollsStayOnTheirGridWhateverAskedForLooksInBetween() {
        let schedule = schedule(interval: .seconds(1))
        _ = schedule.takeDue(now: start)
        schedule.request("a", at: start + .milliseconds(300), cause: .lacpduHint)
        schedule.request("b", at: start + .milliseconds(700), cause: .linkEvent)
        #expect(schedule.takeDue(now: start + .milliseconds(300)) == ["a"])
        #expect(schedule.takeDue(now: start + .milliseconds(700)) == ["b"])
        #expect(schedule.nextDeadline() == start + .seconds(1))
        // A loop that fell behind (a look that took long, a stalled machine)
        // polls once and goes on from the grid, not from the late look.
        #expect(schedule.takeDue(now: start + .milliseconds(3_400)) == ["a", "b"])
        #expect(schedule.nextDeadline() == start + .seconds(4))
    }

    @Test func aLACPDUMakesThePFDueAndArmsTheExpiryWatch() {
        let schedule = schedule(["a"], interval: .seconds(60))
        _ = schedule.takeDue(now: start)
        let pdu = start + .milliseconds(100)
        schedule.lacpduArrived("a", at: pdu)
        #expect(schedule.takeDue(now: pdu) == ["a"])
        // Nothing until shortly before the receive timer runs out (3 s at the fast rate).
        let watchStart = pdu + .seconds(3) - schedule.timing.expiryLead
        #expect(schedule.nextDeadline() == watchStart)
        #expect(schedule.takeDue(now: watchStart) == ["a"])
        #expect(schedule.nextDeadline() == watchStart + schedule.timing.expiryStep)
        // A later LACPDU pushes the watch out.
        let next = pdu + .seconds(1)
        schedule.lacpduArrived("a", at: next)
        _ = schedule.takeDue(now: next)
        #expect(schedule.nextDeadline() == next + .seconds(3) - schedule.timing.expiryLead)
    }

    @Test func withTheLACPDUTimeoutEachLACPDUSchedulesALookWhenItsSilenceWouldBeAVerdict() {
        var timing = EvaluationSchedule.Timing(pollingInterval: .seconds(60))
        timing.lacpduTimeout = .milliseconds(1500)
        let schedule = EvaluationSchedule(names: ["a"], timing: timing, now: start)
        _ = schedule.takeDue(now: start)
        schedule.lacpduArrived("a", at: start, look: false)
        #expect(schedule.nextDeadline() == start + .milliseconds(1500))
        // The next LACPDU moves the check on.
        schedule.lacpduArrived("a", at: start + .seconds(1), look: false)
        #expect(schedule.nextDeadline() == start + .milliseconds(2500))
        #expect(schedule.takeDue(now: start + .milliseconds(2500)) == ["a"])
        // Taken: next comes the expiry watch, 3 s after the LACPDU.
        #expect(schedule.nextDeadline() == start + .seconds(4) - schedule.timing.expiryLead)
    }

    @Test func aLACPDUArmingAWatchWakesALoopSleepingOnALongInterval() async throws {
        var timing = EvaluationSchedule.Timing(pollingInterval: .seconds(3600))
        timing.lacpduTimeout = .milliseconds(50)
        let schedule = EvaluationSchedule(names: ["a"], timing: timing)
        _ = schedule.takeDue()
        let waiter = Task { await schedule.waitUntilDue() }
        try await Task.sleep(for: .milliseconds(20))
        schedule.lacpduArrived("a", look: false)
        let began = ContinuousClock.now
        await waiter.value
        #expect(ContinuousClock.now - began < .seconds(30))
        #expect(schedule.takeDue() == ["a"])
    }

    @Test func expiryWatchEndsAfterItsTail() {
        let schedule = schedule(["a"], interval: .seconds(60))
        _ = schedule.takeDue(now: start)
        schedule.lacpduArrived("a", at: start)
        _ = schedule.takeDue(now: start)
        let end = start + .seconds(3) + schedule.timing.expiryTail
        _ = schedule.takeDue(now: end)
        // Nothing left but the poll, on its grid.
        #expect(schedule.nextDeadline() == start + .seconds(60))
    }

    @Test func slowRateWatchesNinetySecondsOut() {
        let schedule = schedule(["a"], interval: .seconds(600))
        _ = schedule.takeDue(now: start)
        schedule.setExpiryTimeout("a", .seconds(90))
        schedule.lacpduArrived("a", at: start)
        _ = schedule.takeDue(now: start)
        #expect(schedule.nextDeadline() == start + .seconds(90) - schedule.timing.expiryLead)
    }

    @Test func followUpsOnlyShortlyAfterALACPDU() {
        let schedule = schedule(["a"], interval: .seconds(60))
        _ = schedule.takeDue(now: start)
        schedule.followUpIfRecentLACPDU("a", lastLACPDU: nil, now: start)     // no LACPDU yet: nothing
        #expect(schedule.nextDeadline() == start + .seconds(60))
        schedule.lacpduArrived("a", at: start)
        _ = schedule.takeDue(now: start)
        schedule.followUpIfRecentLACPDU("a", lastLACPDU: start, now: start)
        #expect(schedule.nextDeadline() == start + schedule.timing.followUpStep)
        let late = start + schedule.timing.followUpWindow
        _ = schedule.takeDue(now: late)
        schedule.settle("a")
        schedule.followUpIfRecentLACPDU("a", lastLACPDU: start, now: late)    // window over
        #expect(schedule.nextDeadline()! > late + .seconds(1))
    }

    @Test func waitingWakesUpForANewRequest() async throws {
        let schedule = EvaluationSchedule(names: ["a"], timing: .init(pollingInterval: .seconds(3600)))
        _ = schedule.takeDue()
        let began = ContinuousClock.now
        async let waited: Void = schedule.waitUntilDue()
        try await Task.sleep(for: .milliseconds(50))
        schedule.request("a", cause: .linkEvent)
        await waited
        // Far less than the hour the poll would have taken.
        #expect(ContinuousClock.now - began < .seconds(30))
        #expect(schedule.takeDue() == ["a"])
    }

    @Test func waitingEndsOnCancellation() async {
        let schedule = EvaluationSchedule(names: ["a"], timing: .init(pollingInterval: .seconds(3600)))
        _ = schedule.takeDue()
        let task = Task { await schedule.waitUntilDue() }
        task.cancel()
        await task.value
        #expect(schedule.takeDue().isEmpty)
    }
}

@Suite struct EvaluationScheduleCoalescingTests {
    @Test func aBurstOfHintsCostsOneLook() {
        let start = ContinuousClock.now
        let schedule = EvaluationSchedule(names: ["a"], timing: .init(pollingInterval: .seconds(60)), now: start)
        _ = schedule.takeDue(now: start)
        for _ in 0..<100 { schedule.lacpduArrived("a", at: start) }
        for _ in 0..<100 { schedule.request("a", at: start, cause: .linkEvent) }
        #expect(schedule.takeDue(now: start) == ["a"])
        // Nothing left over from the burst: the next thing due is the expiry watch.
        #expect(schedule.nextDeadline() == start + .seconds(3) - schedule.timing.expiryLead)
    }
}
