import CNI
import Netlink
import Testing
@testable import BondPlugin

/// DEL over a simulated kernel, after a real ADD through the same kernel.
@Suite("DEL")
struct DeleteCommandTests {
    static func added(_ changes: String = "{}", links: [SimulatedLink] = typicalLinks()) throws -> SimulatedNetwork {
        let network = SimulatedNetwork(links)
        let add = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config(changes))
        try #require(add.status == 0, "\(add.output)")
        return network
    }

    @Test func delReleasesTheLinksDeletesTheBondAndReleasesTheAllocation() throws {
        let network = try Self.added()
        let before = network.requests().count
        let ipam = try ScriptedIPAM()

        let run = Invocation(network: network, ipam: ipam)("DEL", try config())

        #expect(run.status == 0, "\(run.output)")
        #expect(Array(network.requests().dropFirst(before)) == [
            "get bond0", "set #10 down",
            "get net1", "set #3 down", "set #3 nomaster", "set #3 up",
            "get net2", "set #4 down", "set #4 nomaster", "set #4 up",
            "delete #10",
        ])
        #expect(ipam.log == ["find host-local", "DEL"])
        #expect(network.link("bond0") == nil)
        #expect(network.link("net1") == SimulatedLink(index: 3, name: "net1", place: .container))
        #expect(network.link("net2") == SimulatedLink(index: 4, name: "net2", place: .container))
    }

    @Test func delGivesMovedLinksBackToTheHost() throws {
        let network = try Self.added(#"{"linksInContainer":false}"#, links: typicalLinks(in: .host))
        let before = network.requests().count

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("DEL", try config(#"{"linksInContainer":false}"#))

        #expect(run.status == 0, "\(run.output)")
        #expect(Array(network.requests().dropFirst(before)) == [
            "get bond0", "set #10 down",
            "get net1", "set #3 down", "set #3 nomaster",
            "get net2", "set #4 down", "set #4 nomaster",
            "delete #10",
            "get net1", "set #3 down", "set #3 netns host",
            "get net2", "set #4 down", "set #4 netns host",
        ])
        #expect(network.link("net1")?.place == .host)
        #expect(network.link("net2")?.place == .host)
    }

    @Test func delAgainFindsNothingAndSucceeds() throws {
        let network = try Self.added()
        let ipam = try ScriptedIPAM()
        let del = Invocation(network: network, ipam: ipam)
        #expect(del("DEL", try config()).status == 0)
        let before = network.requests().count

        let again = del("DEL", try config())

        #expect(again.status == 0, "\(again.output)")
        #expect(Array(network.requests().dropFirst(before)) == ["get bond0"])
        #expect(ipam.log == ["find host-local", "DEL", "find host-local", "DEL"])
    }

    @Test func aBondDeletedMeanwhileIsSuccess() throws {
        let network = try Self.added()
        network.fail("delete #10", errno: Errno.ENODEV)

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("DEL", try config())

        #expect(run.status == 0, "\(run.output)")
    }

    @Test func aNamespaceThatIsGoneIsSuccessAndIPAMIsStillReleased() throws {
        let ipam = try ScriptedIPAM()

        let run = Invocation(network: SimulatedNetwork([]), ipam: ipam)("DEL", try config(), netns: "/var/run/netns/gone")

        #expect(run.status == 0, "\(run.output)")
        #expect(ipam.log == ["find host-local", "DEL"])
    }

    @Test func aKernelFailureStillReleasesTheAllocationThenReportsIt() throws {
        let network = try Self.added()
        network.fail("set #10 down", errno: Errno.EPERM)
        let ipam = try ScriptedIPAM()

        let run = Invocation(network: network, ipam: ipam)("DEL", try config())

        #expect(run.status == 1)
        #expect(run.output["msg"].stringValue == "failed to set bond0 down")
        #expect(ipam.log == ["find host-local", "DEL"])
    }
}
