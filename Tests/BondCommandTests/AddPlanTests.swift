import BondCNI
import CNI
import LinkConstants
import RouteNetlink
import Testing
@testable import BondPlugin

/// The ADD plan as a pure value: configuration in, plan out, no kernel.
@Suite("AddPlan")
struct AddPlanTests {
    static let pod = "/var/run/netns/pod"

    @Test func typicalConfigurationFindsTheLinksInTheContainer() throws {
        let plan = AddPlan(config: try parsed(), bondName: "bond0", netns: Self.pod)

        #expect(plan == AddPlan(
            netns: Self.pod,
            bond: BondBlueprint(
                name: "bond0", mode: .activeBackup, mtu: 1500,
                options: BondInfo(mode: 1, miimon: 100, failOverMac: 1), primary: nil),
            links: ["net1", "net2"], origin: .container, ipamType: "host-local", dns: CNIResult.DNS(),
            steps: [
                .checkNameIsFree, .findLinks, .createBond, .enslave(link: "net1"), .enslave(link: "net2"),
                .setBondUp, .configureAddresses(ipamType: "host-local"),
            ]))
        #expect(plan.undoOrder == [
            .releaseAllocation(ipamType: "host-local"), .release(link: "net2"), .release(link: "net1"), .deleteBond,
        ])
    }

    @Test func hostLinksAreMovedInFirstAndGivenBackLast() throws {
        let plan = AddPlan(config: try parsed(#"{"linksInContainer":false,"ipam":null}"#), bondName: "bond0", netns: Self.pod)

        #expect(plan.origin == .host)
        #expect(plan.ipamType == nil)
        #expect(plan.steps == [
            .checkNameIsFree, .moveIntoContainer(link: "net1", position: 0), .moveIntoContainer(link: "net2", position: 1),
            .findLinks, .createBond, .enslave(link: "net1"), .enslave(link: "net2"), .setBondUp,
        ])
        #expect(plan.undoOrder == [
            .release(link: "net2"), .release(link: "net1"), .deleteBond,
            .giveBackToHost(link: "net2"), .giveBackToHost(link: "net1"),
        ])
    }

    @Test func linksAreEnslavedInTheConfigurationsOrder() throws {
        let plan = AddPlan(
            config: try parsed(#"{"links":[{"name":"net3"},{"name":"net1"},{"name":"net2"}]}"#), bondName: "bond0", netns: Self.pod)

        #expect(plan.links == ["net3", "net1", "net2"])
        #expect(plan.steps.filter { if case .enslave = $0 { true } else { false } }
            == [.enslave(link: "net3"), .enslave(link: "net1"), .enslave(link: "net2")])
    }

    @Test func bondOptionsComeFromTheConfiguration() throws {
        let config = try parsed(#"""
            {"mode":"802.3ad","failOverMac":0,"miimon":"50","mtu":9000,"lacpRate":"fast","xmitHashPolicy":"layer3+4",
             "updelay":"100","downdelay":"200","allSlavesActive":1}
            """#)
        let plan = AddPlan(config: config, bondName: "bond1", netns: Self.pod)

        #expect(plan.bond == BondBlueprint(
            name: "bond1", mode: .ieee8023AD, mtu: 9000,
            options: BondInfo(
                mode: 4, lacpRate: 1, miimon: 50, updelay: 100, downdelay: 200, failOverMac: 0,
                xmitHashPolicy: 1, allSlavesActive: 1),
            primary: nil))
    }

    @Test func primaryIsNamedAndResolvedOnlyWhenTheLinksAreFound() throws {
        let plan = AddPlan(config: try parsed(#"{"primary":"net2"}"#), bondName: "bond0", netns: Self.pod)

        #expect(plan.bond.primary == "net2")
        #expect(plan.bond.options.primaryIndex == nil)
    }

    @Test func arpMonitoringCarriesItsTargets() throws {
        let plan = AddPlan(
            config: try parsed(#"{"miimon":null,"arpInterval":"250","arpIpTarget":["10.0.0.1","10.0.0.2"]}"#),
            bondName: "bond0", netns: Self.pod)

        #expect(plan.bond.options.arpInterval == 250)
        #expect(plan.bond.options.arpIPTargets == [[10, 0, 0, 1], [10, 0, 0, 2]])
    }

    @Test func dnsOfTheConfigurationIsTheResultsUnlessIPAMGivesSome() throws {
        let plan = AddPlan(config: try parsed(#"{"dns":{"nameservers":["10.0.0.53"]}}"#), bondName: "bond0", netns: Self.pod)

        #expect(plan.dns == CNIResult.DNS(nameservers: ["10.0.0.53"]))
    }
}
