import LinkConstants
import NetlinkTesting
import RelayCore
import RouteNetlink
import Testing
@testable import RelayDaemon

/// From RTM_NEWLINK bytes to the domain's `PFObservation`, and its readiness.
@Suite("PFObservation from link messages")
struct PFObservationKernelTests {
    static func decode(_ fixture: LinkFixture) throws -> LinkMessage {
        try LinkMessage(decoding: fixture.payload[...])
    }

    static func observe(_ port: LinkFixture, master: LinkFixture?) throws -> PFObservation {
        PFObservation(link: try decode(port), master: try master.map(decode))
    }

    @Test("a port of an 802.3ad bond with VFs: every field")
    func bondPort() throws {
        let port = LinkFixture.bondPort(
            index: 7, name: "ens1f0", master: 9, actor: 0x3F, partner: 0x3D,
            vfs: [(0, .auto), (1, .disable), (2, .enable)]
        )
        let observation = try Self.observe(port, master: .bond(index: 9, name: "bond0", mode: 4, lacpRate: 1))
        #expect(observation == PFObservation(
            name: "ens1f0", index: 7, operState: .up,
            master: MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .ieee8023AD, lacpRate: .fast),
            slaveKind: "bond",
            actorState: LACPPortState(rawValue: 0x3F), partnerState: LACPPortState(rawValue: 0x3D),
            vfs: [VF(id: 0, linkState: .auto), VF(id: 1, linkState: .disable), VF(id: 2, linkState: .enable)]
        ))
        #expect(Readiness(of: observation) == .ready)
    }

    @Test("the partner state keeps all 16 bits; the actor's 8 are widened")
    func stateWidths() throws {
        let observation = try Self.observe(
            .bondPort(actor: 0xC5, partner: 0x013D), master: .bond()
        )
        #expect(observation.actorState?.rawValue == 0xC5)
        #expect(observation.actorState == [.activity, .aggregation, .defaulted, .expired])
        #expect(observation.partnerState?.rawValue == 0x013D)
    }

    @Test("a slow-rate bond")
    func slowRate() throws {
        let observation = try Self.observe(.bondPort(), master: .bond(lacpRate: 0))
        #expect(observation.master?.lacpRate == .slow)
        #expect(observation.master?.bondMode == .ieee8023AD)
    }

    @Test("a VF link state this code does not know is kept as nil")
    func unknownVFLinkState() throws {
        var port = LinkFixture.bondPort()
        port.vfs = [(index: 0, linkState: 0), (index: 1, linkState: 7)]
        let observation = try Self.observe(port, master: .bond())
        #expect(observation.vfs == [VF(id: 0, linkState: .auto), VF(id: 1, linkState: nil)])
    }

    static let up: UInt32 = 0x1
    static let lowerUp: UInt32 = 0x1_0000
    static let running: UInt32 = 0x40

    static let operStates: [(UInt8?, UInt32, String)] = [
        (6, up | lowerUp, "up"),
        (6, 0, "up"),
        (2, up | lowerUp, "down"),
        (3, up, "lowerlayerdown"),
        (1, 0, "notpresent"),
        (4, up | lowerUp, "testing"),
        (5, up | lowerUp, "dormant"),
        // "unknown" (a driver without carrier reporting): up when IFF_UP and IFF_LOWER_UP.
        (0, up | lowerUp, "up"),
        (0, 0x1_0043, "up"),
        (0, up | running, "unknown"),
        (0, lowerUp, "unknown"),
        (0, 0, "unknown"),
        // No IFLA_OPERSTATE at all is treated the same way.
        (nil, up | lowerUp, "up"),
        (nil, up, "unknown"),
    ]

    @Test("operational state by name", arguments: PFObservationKernelTests.operStates)
    func operState(raw: UInt8?, flags: UInt32, expected: String) throws {
        var port = LinkFixture.bondPort()
        port.operState = raw
        port.flags = flags
        let observation = try Self.observe(port, master: .bond())
        #expect(observation.operState.rawValue == expected)
        let state = try #require(OperState(rawValue: expected))
        #expect(Readiness(of: observation) == (state == .up ? .ready : .notReady(.operStateNotUp(state))))
    }

    @Test("an active-backup bond: the mode is read, the port is not ready")
    func activeBackup() throws {
        let observation = try Self.observe(.bondPort(), master: .bond(mode: 1, lacpRate: 0))
        // The kernel sends a LACP rate for every mode; outside 802.3ad it is dropped.
        #expect(observation.master == MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .activeBackup, lacpRate: nil))
        #expect(Readiness(of: observation) == .notReady(.bondModeNot8023AD(bond: "bond0", mode: .activeBackup)))
    }

    @Test("a bond mode this code does not know")
    func unknownBondMode() throws {
        let observation = try Self.observe(.bondPort(), master: .bond(mode: 42))
        #expect(observation.master?.bondMode == nil)
        #expect(observation.master?.kind == "bond")
        #expect(Readiness(of: observation) == .notReady(.bondModeNot8023AD(bond: "bond0", mode: nil)))
    }

    @Test("a port of an 802.3ad bond that reports no LACP state")
    func noLACPState() throws {
        var port = LinkFixture.bondPort()
        port.actorState = nil
        port.partnerState = nil
        let observation = try Self.observe(port, master: .bond())
        #expect(observation.actorState == nil)
        #expect(observation.partnerState == nil)
        #expect(observation.slaveKind == "bond")
        #expect(Readiness(of: observation) == .notReady(.noLACPState(bond: "bond0")))
    }

    @Test("a bridge master: kind read, no bond data, not ready")
    func bridgeMaster() throws {
        var port = LinkFixture(index: 7, name: "ens1f0")
        port.masterIndex = 5
        port.slaveKind = "bridge"
        var bridge = LinkFixture(index: 5, name: "br0")
        bridge.kind = "bridge"
        let observation = try Self.observe(port, master: bridge)
        #expect(observation == PFObservation(
            name: "ens1f0", index: 7, operState: .up,
            master: MasterObservation(index: 5, name: "br0", kind: "bridge"),
            slaveKind: "bridge"
        ))
        let readiness = Readiness(of: observation)
        #expect(readiness == .notReady(.masterNotBond(master: "br0", kind: "bridge")))
        if case let .notReady(reason) = readiness {
            #expect(reason.description == "master br0 is a bridge, not a bond")
        }
    }

    @Test("bond slave data is ignored when the master is not a bond")
    func slaveDataOnlyForBonds() throws {
        // A port whose slave kind is not "bond" has no LACP state, whatever its master says.
        var port = LinkFixture(index: 7, name: "ens1f0")
        port.masterIndex = 9
        port.slaveKind = "team"
        let observation = try Self.observe(port, master: .bond())
        #expect(observation.actorState == nil)
        #expect(observation.partnerState == nil)
        #expect(observation.slaveKind == "team")
    }

    @Test("no master: nil, and not ready")
    func noMaster() throws {
        let observation = try Self.observe(LinkFixture(index: 3, name: "ens2f0"), master: nil)
        #expect(observation == PFObservation(name: "ens2f0", index: 3, operState: .up))
        #expect(Readiness(of: observation) == .notReady(.noMaster))
    }

    @Test("IFLA_MASTER 0 means no master")
    func masterIndexZero() throws {
        var port = LinkFixture(index: 3, name: "ens2f0")
        port.masterIndex = 0
        let observation = try Self.observe(port, master: nil)
        #expect(observation.master == nil)
        #expect(Readiness(of: observation) == .notReady(.noMaster))
    }

    @Test("a master that vanished between the two reads: index only")
    func vanishedMaster() throws {
        let observation = try Self.observe(.bondPort(master: 9), master: nil)
        #expect(observation.master == MasterObservation(index: 9, name: nil, kind: nil))
        #expect(Readiness(of: observation) == .notReady(.masterNotBond(master: "#9", kind: nil)))
    }

    @Test("no VF list: no VFs")
    func noVFs() throws {
        var port = LinkFixture.bondPort()
        port.vfs = nil
        #expect(try Self.observe(port, master: .bond()).vfs == [])
    }
}
