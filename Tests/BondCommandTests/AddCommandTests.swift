import CNI
import JSONValues
import Netlink
import NetlinkTesting
import RouteNetlink
import Testing
@testable import BondPlugin

/// ADD over a simulated kernel: the exact requests it sends, what it leaves
/// behind, and what a failure halfway takes back.
@Suite("ADD")
struct AddCommandTests {
    @Test func typicalAddCreatesTheBondEnslavesTheLinksAndConfiguresAddresses() throws {
        let network = SimulatedNetwork(typicalLinks())
        let ipam = try ScriptedIPAM()

        let run = Invocation(network: network, ipam: ipam)("ADD", try config())

        #expect(run.status == 0, "\(run.output)")
        #expect(network.requests() == [
            "get bond0",                            // the name is free (ENODEV)
            "get net1", "get net2",                 // the links are there, without a master
            "create bond bond0 mtu 1500",
            "get bond0",                            // its ifindex: 10
            "set #3 down", "set #3 master #10", "set #3 up",
            "set #4 down", "set #4 master #10", "set #4 up",
            "set #10 up",
            "add address 10.56.217.5/24 to #10",
            "add route 0.0.0.0/0 via 10.56.217.1 dev #10",
            "get #10",                              // the MAC and MTU the result reports
        ])
        // No sysfs parent here: the links' PFs are looked for by MAC among the host's VFs (none).
        #expect(network.requests(in: .host) == ["dump links"])
        #expect(ipam.log == ["find host-local", "ADD"])
        #expect(network.link("net1")?.masterIndex == 10)
        #expect(network.link("net2")?.masterIndex == 10)
        #expect(network.link("bond0")?.up == true)
        #expect(run.output["interfaces"][0]["name"].stringValue == "bond0")
        #expect(run.output["interfaces"][0]["mac"].stringValue == "02:00:00:00:00:0a")
        #expect(run.output["interfaces"][0]["sandbox"].stringValue == ScriptedSystem.podPath)
        #expect(run.output["ips"][0]["address"].stringValue == "10.56.217.5/24")
    }

    @Test func theBondIsCreatedInActiveBackupWithMiimonFailOverMacAndMTU() throws {
        let network = SimulatedNetwork([
            SimulatedLink(index: 3, name: "net1", place: .container, mtu: 9000),
            SimulatedLink(index: 4, name: "net2", place: .container, mtu: 9000),
        ])

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config(#"{"mtu":9000,"failOverMac":"follow"}"#))

        #expect(run.status == 0, "\(run.output)")
        let create = try #require(network.messages().first { $0.header.type == RTM.newLink })
        // NLM_F_CREATE | NLM_F_EXCL: an existing link of that name is EEXIST, never reconfigured.
        #expect(create.header.flags == NLM_F.request | NLM_F.ack | NLM_F.create | NLM_F.excl)
        let bond = try LinkMessage(decoding: create.payload)
        #expect(bond.attributes.name == "bond0")
        #expect(bond.attributes.mtu == 9000)
        #expect(bond.attributes.linkInfo?.kind == "bond")
        #expect(bond.attributes.linkInfo?.bond == BondInfo(mode: 1, miimon: 100, failOverMac: 2))
    }

    @Test func thePrimaryLinkIsGivenByItsIfindexInTheContainer() throws {
        let network = SimulatedNetwork(typicalLinks())

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config(#"{"primary":"net2","ipam":null}"#))

        #expect(run.status == 0, "\(run.output)")
        let create = try #require(network.messages().first { $0.header.type == RTM.newLink })
        #expect(try LinkMessage(decoding: create.payload).attributes.linkInfo?.bond?.primaryIndex == 4)
    }

    @Test func hostLinksAreMovedIntoTheContainerFirst() throws {
        let network = SimulatedNetwork(typicalLinks(in: .host))

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config(#"{"linksInContainer":false,"ipam":null}"#))

        #expect(run.status == 0, "\(run.output)")
        #expect(network.requests(in: .host) == ["get net1", "set #3 netns container", "get net2", "set #4 netns container", "dump links"])
        #expect(Array(network.requests().prefix(4)) == ["get bond0", "get net1", "get net2", "create bond bond0 mtu 1500"])
        #expect(network.link("net1")?.place == .container)
        #expect(network.link("net2")?.masterIndex == 10)
    }

    @Test func anExistingInterfaceOfTheBondsNameIsRefusedUntouched() throws {
        let network = SimulatedNetwork(typicalLinks() + [SimulatedLink(index: 9, name: "bond0", place: .container)])

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config())

        #expect(run.status == 1)
        #expect(run.output["msg"].stringValue == "interface bond0 already exists in \(ScriptedSystem.podPath)")
        #expect(network.requests() == ["get bond0"])
    }

    @Test func aBondMTUAboveALinksIsRefusedBeforeAnythingIsCreated() throws {
        let network = SimulatedNetwork(typicalLinks())

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config(#"{"mtu":9000}"#))

        #expect(run.output["code"].intValue == 7)
        #expect(run.output["msg"].stringValue == #"invalid "mtu": 9000 is larger than the MTU of link net1 (1500)"#)
        #expect(network.requests() == ["get bond0", "get net1", "get net2"])
    }

    /// A VF cannot carry more than its PF: the PF, found on the host by the
    /// VF's MAC address, is named with the link.
    @Test func theBondsMTUIsCheckedAgainstEachVFsPF() throws {
        let vfMAC: [UInt8] = [0x02, 0xaa, 0, 0, 0, 2]
        let network = SimulatedNetwork([
            SimulatedLink(index: 3, name: "net1", place: .container, mtu: 9000, mac: [0x02, 0xaa, 0, 0, 0, 1]),
            SimulatedLink(index: 4, name: "net2", place: .container, mtu: 9000, mac: vfMAC),
            SimulatedLink(index: 2, name: "pf1", place: .host, mtu: 1500, vfMACs: [[0, 0, 0, 0, 0, 0], vfMAC]),
        ])

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config(#"{"mtu":9000}"#))

        #expect(run.status == 1)
        #expect(run.output["code"].intValue == 7)
        #expect(run.output["msg"].stringValue == #"invalid "mtu": 9000 is larger than the MTU of pf1 (1500), the PF of link net2"#)
        #expect(network.link("bond0") == nil)
        #expect(network.requests(in: .host) == ["dump links"])

        // Within the PF's MTU, the same links bond.
        let fits = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config(#"{"mtu":1500}"#))
        #expect(fits.status == 0, "\(fits.output)")
    }

    /// balance-alb tells links apart by MAC: the second of two links with the
    /// same MAC gets a new one before it is enslaved; a failure gives it back.
    @Test(arguments: ["balance-alb", "balance-tlb"])
    func linksWithEqualMACsGetDistinctOnesInTLBAndALB(mode: String) throws {
        let network = SimulatedNetwork(typicalLinks())
        let run = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config(#"{"mode":"\#(mode)"}"#))

        #expect(run.status == 0, "\(run.output)")
        let net1 = try #require(network.link("net1")), net2 = try #require(network.link("net2"))
        #expect(net1.mac == [0x02, 0, 0, 0, 0, 0])
        #expect(net2.mac != net1.mac)
        #expect(net2.mac.count == 6 && net2.mac[0] == 0x02)
        let requests = network.requests()
        let changed = try #require(requests.firstIndex { $0.hasPrefix("set #4 address") })
        #expect(requests[changed - 1] == "set #4 down")
        #expect(changed < (requests.firstIndex(of: "set #4 master #10") ?? 0))
        #expect(!requests.contains { $0.hasPrefix("set #3 address") })

        let failing = SimulatedNetwork(typicalLinks())
        failing.fail("set #4 master #10", errno: Errno.EBUSY)
        let failed = Invocation(network: failing, ipam: try ScriptedIPAM())("ADD", try config(#"{"mode":"\#(mode)"}"#))
        #expect(failed.status == 1)
        #expect(failing.link("net2") == SimulatedLink(index: 4, name: "net2", place: .container))
    }

    @Test func activeBackupLeavesEqualMACsAlone() throws {
        let network = SimulatedNetwork(typicalLinks())
        let run = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config())
        #expect(run.status == 0, "\(run.output)")
        #expect(!network.requests().contains { $0.contains("address") && $0.hasPrefix("set") })
    }

    @Test func aFailedEnslavingUndoesEverythingDoneBefore() throws {
        let network = SimulatedNetwork(typicalLinks())
        network.fail("set #4 master #10", errno: Errno.EBUSY)
        let ipam = try ScriptedIPAM()

        let run = Invocation(network: network, ipam: ipam)("ADD", try config())

        #expect(run.status == 1)
        #expect(run.output["msg"].stringValue == "failed to enslave net2 to bond0")
        #expect(Array(network.requests().suffix(8)) == [
            "set #4 down", "set #4 master #10",     // refused: EBUSY
            "get net2", "set #4 up",                // net2 restored (no master to drop), up as it was
            "get net1", "set #3 nomaster", "set #3 up",
            "delete #10",
        ])
        #expect(network.link("bond0") == nil)
        #expect(network.link("net1") == SimulatedLink(index: 3, name: "net1", place: .container))
        #expect(network.link("net2") == SimulatedLink(index: 4, name: "net2", place: .container))
        #expect(ipam.log == [])
    }

    @Test func aFailedAddressReleasesTheAllocationAndGivesHostLinksBack() throws {
        let network = SimulatedNetwork(typicalLinks(in: .host))
        network.update("net2") { $0.up = false }
        network.fail("add address 10.56.217.5/24 to #10", errno: Errno.EEXIST)
        let ipam = try ScriptedIPAM()

        let run = Invocation(network: network, ipam: ipam)("ADD", try config(#"{"linksInContainer":false}"#))

        #expect(run.status == 1)
        #expect(run.output["msg"].stringValue == "failed to add address 10.56.217.5/24 to bond0")
        #expect(ipam.log == ["find host-local", "ADD", "DEL"])
        #expect(network.link("bond0") == nil)
        #expect(network.link("net1") == SimulatedLink(index: 3, name: "net1", place: .host, up: true))
        #expect(network.link("net2") == SimulatedLink(index: 4, name: "net2", place: .host, up: false))
        // Given back newest first: down in the container, moved, and up again on the host if it was.
        #expect(Array(network.requests(in: .host).suffix(2)) == ["get net1", "set #3 up"])
    }

    /// Bond CNI's rule: an IPAM plugin that allocates no address fails ADD,
    /// and what it may hold is released with everything else.
    @Test func anIPAMResultWithoutAddressesIsRefusedAndUndone() throws {
        let network = SimulatedNetwork(typicalLinks(in: .host))
        let ipam = try ScriptedIPAM(allocation: #"{"cniVersion":"1.0.0","routes":[{"dst":"0.0.0.0/0","gw":"10.56.217.1"}]}"#)

        let run = Invocation(network: network, ipam: ipam)("ADD", try config(#"{"linksInContainer":false}"#))

        #expect(run.status == 1)
        #expect(run.output["code"].intValue == 7)
        #expect(run.output["msg"].stringValue == #"invalid "ipam": IPAM plugin host-local returned no IP addresses; the bond needs at least one"#)
        #expect(ipam.log == ["find host-local", "ADD", "DEL"])
        #expect(network.link("bond0") == nil)
        #expect(network.link("net1") == SimulatedLink(index: 3, name: "net1", place: .host, up: true))
        #expect(network.link("net2") == SimulatedLink(index: 4, name: "net2", place: .host, up: true))
    }

    @Test func aFailureWhileUndoingIsReportedInTheDetails() throws {
        let network = SimulatedNetwork(typicalLinks())
        network.fail("set #10 up", errno: Errno.ENETDOWN)
        network.fail("delete #10", errno: Errno.EPERM)

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config())

        #expect(run.output["msg"].stringValue == "failed to set bond0 up")
        let details = run.output["details"].stringValue ?? ""
        #expect(details.contains("undoing failed: ; delete bond bond0:"), "\(details)")
    }

    @Test func aMissingNamespaceIsAnUnknownContainer() throws {
        let run = Invocation(network: SimulatedNetwork([]), ipam: try ScriptedIPAM())("ADD", try config(), netns: "/var/run/netns/gone")

        #expect(run.status == 1)
        #expect(run.output["code"].intValue == Int64(CNIError.unknownContainer("").code))
    }
}
