import Testing
@testable import RelayCore

@Suite struct LACPTests {
    @Test func fullyOperationalPortsAreUp() {
        #expect(isLACPUp(actor: up, partner: up))
        #expect(isLACPUp(actor: .operational, partner: .operational))
    }

    @Test(arguments: [LACPPortState.aggregation, .synchronization, .collecting, .distributing])
    func anyMissingFlagOnEitherSideIsDown(flag: LACPPortState) {
        #expect(!isLACPUp(actor: up.subtracting(flag), partner: up))
        #expect(!isLACPUp(actor: up, partner: up.subtracting(flag)))
    }

    @Test(arguments: [LACPPortState.defaulted, .expired])
    func failureFlagsMakeItDown(flag: LACPPortState) {
        #expect(!isLACPUp(actor: up.union(flag), partner: up))
        #expect(!isLACPUp(actor: up, partner: up.union(flag)))
    }

    @Test func activityAndTimeoutDoNotMatter() {
        #expect(isLACPUp(actor: .operational, partner: up))
    }

    @Test func flagsHaveTheirIEEENames() {
        #expect(LACPPortState(rawValue: 0x3F).flagNames == ["activity", "timeout", "aggregation", "synchronization", "collecting", "distributing"])
        #expect(LACPPortState(rawValue: 0xC0).flagNames == ["defaulted", "expired"])
        #expect(LACPPortState(rawValue: 0).flagNames.isEmpty)
    }
}

@Suite struct ReadinessTests {
    @Test func bondPortIsReady() {
        #expect(Readiness(of: readyPF()) == .ready)
    }

    @Test func missingPF() {
        #expect(Readiness(of: nil) == .notReady(.notFound))
    }

    @Test func downPF() {
        var pf = readyPF()
        pf.operState = .down
        #expect(Readiness(of: pf) == .notReady(.operStateNotUp(.down)))
    }

    @Test func pfWithoutMaster() {
        var pf = readyPF()
        pf.master = nil
        #expect(Readiness(of: pf) == .notReady(.noMaster))
    }

    @Test(arguments: ["bridge", "team", "openvswitch"])
    func masterThatIsNotABond(kind: String) {
        var pf = readyPF()
        pf.master = MasterObservation(index: 4, name: "br0", kind: kind)
        #expect(Readiness(of: pf) == .notReady(.masterNotBond(master: "br0", kind: kind)))
        #expect(NotReadyReason.masterNotBond(master: "br0", kind: kind).description == "master br0 is a \(kind), not a bond")
    }

    @Test func bondInAnotherMode() {
        var pf = readyPF()
        pf.master?.bondMode = .activeBackup
        #expect(Readiness(of: pf) == .notReady(.bondModeNot8023AD(bond: "bond0", mode: .activeBackup)))
        #expect(NotReadyReason.bondModeNot8023AD(bond: "bond0", mode: .activeBackup).description
            == "bond bond0 is in mode active-backup, not 802.3ad")
    }

    @Test func masterThatVanishedBetweenReads() {
        var pf = readyPF()
        pf.master = MasterObservation(index: 12, name: nil, kind: nil)
        #expect(Readiness(of: pf) == .notReady(.masterNotBond(master: "#12", kind: nil)))
    }

    @Test func portWithoutLACPState() {
        var pf = readyPF()
        pf.partnerState = nil
        #expect(Readiness(of: pf) == .notReady(.noLACPState(bond: "bond0")))
    }
}

@Suite struct RelayDecisionTests {
    @Test func lacpDownDisablesOnlyAutoVFs() {
        let vfs = [VF(id: 0, linkState: .auto), VF(id: 1, linkState: .enable), VF(id: 2, linkState: .disable), VF(id: 3, linkState: .auto)]
        #expect(relayDecision(lacpUp: false, vfs: vfs) == [VFChange(id: 0, target: .disable), VFChange(id: 3, target: .disable)])
    }

    @Test func lacpUpRestoresOnlyDisabledVFs() {
        let vfs = [VF(id: 0, linkState: .disable), VF(id: 1, linkState: .enable), VF(id: 2, linkState: .auto)]
        #expect(relayDecision(lacpUp: true, vfs: vfs) == [VFChange(id: 0, target: .auto)])
    }

    @Test func enableAndUnknownStatesAreNeverTouched() {
        let vfs = [VF(id: 0, linkState: .enable), VF(id: 1, linkState: nil)]
        #expect(relayDecision(lacpUp: false, vfs: vfs).isEmpty)
        #expect(relayDecision(lacpUp: true, vfs: vfs).isEmpty)
    }
}

@Suite struct PortLACPRateTests {
    @Test func theBondsRateAsTheActorStateAppliesIt() {
        #expect(readyPF(rate: .fast).lacpRate == .fast)
        #expect(readyPF(rate: .slow).lacpRate == .slow)
        #expect(readyPF(actor: up.subtracting(.timeout), rate: .fast).lacpRate == .slow)
        var noLACP = readyPF()
        noLACP.actorState = nil
        #expect(noLACP.lacpRate == nil)
    }
}
