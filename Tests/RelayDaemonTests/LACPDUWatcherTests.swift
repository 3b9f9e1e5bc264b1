import RelayCore
import Synchronization
import Testing
@testable import RelayDaemon

/// An LACPDU frame with the given sender states at their offsets (32 and 52).
private func frame(actor: UInt8, partner: UInt8) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: 124)
    bytes[12] = 0x88; bytes[13] = 0x09   // slow protocols
    bytes[14] = 1                         // LACP
    bytes[16] = 1; bytes[17] = 20         // actor TLV
    bytes[32] = actor
    bytes[36] = 2; bytes[37] = 20         // partner TLV
    bytes[52] = partner
    return bytes
}

@Suite struct LACPDUWatcherTests {
    let start = ContinuousClock.now

    @Test func onlyALACPDUWithNewStatesAsksForALook() {
        let schedule = EvaluationSchedule(names: ["pf0"], timing: .init(pollingInterval: .seconds(3600)), now: start)
        _ = schedule.takeDue(now: start)
        let watcher = LACPDUWatcher(name: "pf0", schedule: schedule)

        #expect(watcher.received(frame(actor: 0x3F, partner: 0x3F)) == false)   // handled on the thread
        #expect(schedule.takeDue() == ["pf0"])                                    // first one: news

        #expect(watcher.received(frame(actor: 0x3F, partner: 0x3F)) == false)
        #expect(schedule.takeDue().isEmpty)                                       // a repeat: no look...
        let watch = schedule.nextDeadline()
        #expect(watch != nil && watch! < start + .seconds(3600))                 // ...but the expiry watch is armed

        _ = watcher.received(frame(actor: 0x07, partner: 0x3F))                  // the partner stopped collecting
        #expect(schedule.takeDue() == ["pf0"])
    }

    @Test func aFrameThatIsNotAnLACPDUAsksForALook() {
        let schedule = EvaluationSchedule(names: ["pf0"], timing: .init(pollingInterval: .seconds(3600)), now: start)
        _ = schedule.takeDue(now: start)
        let watcher = LACPDUWatcher(name: "pf0", schedule: schedule)
        _ = watcher.received([0x01, 0x02])
        #expect(schedule.takeDue() == ["pf0"])
    }

    @Test func eachLACPDUIsASightingWithThePartnersRate() {
        let schedule = EvaluationSchedule(names: ["pf0"], timing: .init(pollingInterval: .seconds(3600)), now: start)
        let seen = Mutex<[LACPDUSighting]>([])
        let watcher = LACPDUWatcher(name: "pf0", schedule: schedule) { sighting in seen.withLock { $0.append(sighting) } }
        _ = watcher.received(frame(actor: 0x3F, partner: 0x3F))   // the partner's view of us: short timeout
        _ = watcher.received(frame(actor: 0x3F, partner: 0x3D))   // long timeout: it sends every 30 s
        _ = watcher.received([0x01, 0x02])                        // not an LACPDU: no sighting
        let sightings = seen.withLock { $0 }
        #expect(sightings.map(\.partnerFastRate) == [true, false])
        #expect(sightings[0].at <= sightings[1].at)
        // The sighting is the one record of a LACPDU's time: the schedule keeps
        // none (it used to keep a second copy, compared here).
    }
}
