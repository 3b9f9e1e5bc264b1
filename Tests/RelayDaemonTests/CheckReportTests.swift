import FoundationEssentials
import RelayCore
import Testing
@testable import RelayDaemon

/// What `pf-status-relay check` prints for one PF, as text and as JSON.
@Suite("CheckReport")
struct CheckReportTests {
    static let bond8023AD = MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .ieee8023AD, lacpRate: .fast)
    /// activity, timeout, aggregation, synchronization, collecting, distributing
    static let fastOperational = LACPPortState(rawValue: 0x3F)
    /// activity, aggregation, synchronization, collecting, distributing (slow rate)
    static let slowOperational = LACPPortState(rawValue: 0x3D)

    static func json(_ report: CheckReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    @Test("ready, LACP up: state, master, actor and partner in hex with flag names, VFs")
    func readyAndUp() throws {
        let observation = PFObservation(
            name: "ens1f0", index: 7, operState: .up, master: Self.bond8023AD, slaveKind: "bond",
            actorState: Self.fastOperational, partnerState: Self.slowOperational,
            vfs: [VF(id: 0, linkState: .auto), VF(id: 1, linkState: .enable), VF(id: 2, linkState: nil)]
        )
        let readiness = Readiness(of: observation)
        #expect(readiness == .ready)
        let report = CheckReport(interface: "ens1f0", observation: observation, readiness: readiness)

        #expect(report.ready)
        #expect(report.reason == nil)
        #expect(report.lacp == CheckReport.LACP(
            up: true,
            actor: .init(value: 0x3F, flags: ["activity", "timeout", "aggregation", "synchronization", "collecting", "distributing"]),
            partner: .init(value: 0x3D, flags: ["activity", "aggregation", "synchronization", "collecting", "distributing"])
        ))
        #expect(report.text == """
            ens1f0: ready, lacp up
              state:   up
              master:  bond0 (kind bond, mode 802.3ad, lacp rate fast)
              actor:   0x3f activity,timeout,aggregation,synchronization,collecting,distributing
              partner: 0x3d activity,aggregation,synchronization,collecting,distributing
              VFs:     3
                vf 0: auto
                vf 1: enable
                vf 2: unknown

            """)
        #expect(try Self.json(report) == """
            {"interface":"ens1f0",\
            "lacp":{"actor":{"flags":["activity","timeout","aggregation","synchronization","collecting","distributing"],"value":63},\
            "partner":{"flags":["activity","aggregation","synchronization","collecting","distributing"],"value":61},"up":true},\
            "master":{"kind":"bond","lacpRate":"fast","mode":"802.3ad","name":"bond0"},\
            "operState":"up","ready":true,\
            "vfs":[{"id":0,"linkState":"auto"},{"id":1,"linkState":"enable"},{"id":2,"linkState":"unknown"}]}
            """)
    }

    @Test("ready, LACP down: the partner fell back to defaults; states padded to two hex digits")
    func readyAndDown() throws {
        let observation = PFObservation(
            name: "ens1f1", index: 8, operState: .up,
            master: MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .ieee8023AD, lacpRate: .slow),
            slaveKind: "bond",
            actorState: LACPPortState(rawValue: 0x07), partnerState: LACPPortState(rawValue: 0x00),
            vfs: [VF(id: 4, linkState: .disable)]
        )
        let readiness = Readiness(of: observation)
        #expect(readiness == .ready)
        let report = CheckReport(interface: "ens1f1", observation: observation, readiness: readiness)

        #expect(report.ready)
        #expect(report.lacp?.up == false)
        #expect(report.text == """
            ens1f1: ready, lacp down
              state:   up
              master:  bond0 (kind bond, mode 802.3ad, lacp rate slow)
              actor:   0x07 activity,timeout,aggregation
              partner: 0x00 none
              VFs:     1
                vf 4: disable

            """)
        #expect(try Self.json(report) == """
            {"interface":"ens1f1",\
            "lacp":{"actor":{"flags":["activity","timeout","aggregation"],"value":7},"partner":{"flags":[],"value":0},"up":false},\
            "master":{"kind":"bond","lacpRate":"slow","mode":"802.3ad","name":"bond0"},\
            "operState":"up","ready":true,"vfs":[{"id":4,"linkState":"disable"}]}
            """)
    }

    @Test("a defaulted and expired partner is down even with every operational flag")
    func failedPartner() {
        let observation = PFObservation(
            name: "ens1f0", index: 7, operState: .up, master: Self.bond8023AD, slaveKind: "bond",
            actorState: Self.fastOperational, partnerState: LACPPortState(rawValue: 0xFF)
        )
        let report = CheckReport(interface: "ens1f0", observation: observation, readiness: Readiness(of: observation))
        #expect(report.lacp?.up == false)
        #expect(report.text.hasPrefix("ens1f0: ready, lacp down\n"))
        #expect(report.text.contains(
            "  partner: 0xff activity,timeout,aggregation,synchronization,collecting,distributing,defaulted,expired\n"
        ))
        #expect(report.text.hasSuffix("  VFs:     none\n"))
    }

    @Test("not ready: an active-backup bond; the reason says why, no LACP lines")
    func notReadyActiveBackup() throws {
        let observation = PFObservation(
            name: "ens1f0", index: 7, operState: .up,
            master: MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .activeBackup),
            slaveKind: "bond", vfs: [VF(id: 0, linkState: .auto)]
        )
        let readiness = Readiness(of: observation)
        #expect(readiness == .notReady(.bondModeNot8023AD(bond: "bond0", mode: .activeBackup)))
        let report = CheckReport(interface: "ens1f0", observation: observation, readiness: readiness)

        #expect(!report.ready)
        #expect(report.reason == "bond bond0 is in mode active-backup, not 802.3ad")
        #expect(report.lacp == nil)
        #expect(report.text == """
            ens1f0: not ready: bond bond0 is in mode active-backup, not 802.3ad
              state:   up
              master:  bond0 (kind bond, mode active-backup)
              VFs:     1
                vf 0: auto

            """)
        #expect(try Self.json(report) == """
            {"interface":"ens1f0","master":{"kind":"bond","mode":"active-backup","name":"bond0"},"operState":"up",\
            "ready":false,"reason":"bond bond0 is in mode active-backup, not 802.3ad","vfs":[{"id":0,"linkState":"auto"}]}
            """)
    }

    @Test("not ready: down, without a master")
    func notReadyDownNoMaster() throws {
        let observation = PFObservation(name: "ens2f0", index: 3, operState: .down)
        let readiness = Readiness(of: observation)
        #expect(readiness == .notReady(.operStateNotUp(.down)))
        let report = CheckReport(interface: "ens2f0", observation: observation, readiness: readiness)
        #expect(report.text == """
            ens2f0: not ready: interface operational state is down, not up
              state:   down
              master:  none
              VFs:     none

            """)
        #expect(try Self.json(report) == """
            {"interface":"ens2f0","operState":"down","ready":false,"reason":"interface operational state is down, not up","vfs":[]}
            """)
    }

    @Test("not ready: a master that vanished is shown by index")
    func vanishedMaster() {
        let observation = PFObservation(
            name: "ens1f0", index: 7, operState: .up, master: MasterObservation(index: 12, name: nil, kind: nil)
        )
        let readiness = Readiness(of: observation)
        #expect(readiness == .notReady(.masterNotBond(master: "#12", kind: nil)))
        let report = CheckReport(interface: "ens1f0", observation: observation, readiness: readiness)
        #expect(report.text == """
            ens1f0: not ready: master #12 is of unknown kind, not a bond
              state:   up
              master:  ?
              VFs:     none

            """)
    }

    @Test("missing PF: one line, and JSON without state, master or LACP")
    func missing() throws {
        let readiness = Readiness(of: nil)
        #expect(readiness == .notReady(.notFound))
        let report = CheckReport(interface: "ens9f9", observation: nil, readiness: readiness)
        #expect(report == CheckReport.init(interface: "ens9f9", observation: nil, readiness: .notReady(.notFound)))
        #expect(!report.ready)
        #expect(report.operState == nil)
        #expect(report.master == nil)
        #expect(report.vfs.isEmpty)
        #expect(report.text == "ens9f9: not ready: interface not found\n")
        #expect(try Self.json(report) == #"{"interface":"ens9f9","ready":false,"reason":"interface not found","vfs":[]}"#)
    }

    @Test("unreadable PF: the error is the reason")
    func unreadable() {
        let report = CheckReport(
            interface: "ens1f0", observation: nil,
            readiness: .notReady(.unreadable("get link ens1f0: operation not permitted (EPERM)"))
        )
        #expect(report.text == "ens1f0: not ready: cannot read interface: get link ens1f0: operation not permitted (EPERM)\n")
    }
}
