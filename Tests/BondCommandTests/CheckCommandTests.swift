import CNI
import JSONValues
import Testing
@testable import BondPlugin

/// CHECK over a simulated kernel, after a real ADD through the same kernel.
@Suite("CHECK")
struct CheckCommandTests {
    /// The network after a typical ADD, and the CHECK configuration carrying ADD's result.
    static func added() throws -> (network: SimulatedNetwork, check: String) {
        let network = SimulatedNetwork(typicalLinks())
        let add = Invocation(network: network, ipam: try ScriptedIPAM())("ADD", try config())
        try #require(add.status == 0, "\(add.output)")
        let previous = String(decoding: add.output.encoded(), as: UTF8.self)
        return (network, try config(#"{"prevResult":\#(previous)}"#))
    }

    @Test func aBondAsADDLeftItPasses() throws {
        let (network, check) = try Self.added()
        let before = network.requests().count
        let ipam = try ScriptedIPAM()

        let run = Invocation(network: network, ipam: ipam)("CHECK", check)

        #expect(run.status == 0, "\(run.output)")
        #expect(Array(network.requests().dropFirst(before)) == [
            "get bond0", "get net1", "get net2", "dump addresses", "dump routes",
        ])
        #expect(ipam.log == ["find host-local", "CHECK"])
    }

    @Test func aMissingBondFails() throws {
        let (network, check) = try Self.added()
        network.removeLink("bond0")
        let ipam = try ScriptedIPAM()

        let run = Invocation(network: network, ipam: ipam)("CHECK", check)

        #expect(run.status == 1)
        #expect(run.output["msg"].stringValue == "CHECK failed: bond0 does not exist in \(ScriptedSystem.podPath)")
        #expect(ipam.log == [])
    }

    @Test func aLinkNoLongerEnslavedFails() throws {
        let (network, check) = try Self.added()
        network.update("net2") { $0.masterIndex = 0 }

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("CHECK", check)

        #expect(run.output["msg"].stringValue == "CHECK failed: link net2 is not enslaved to bond0")
    }

    @Test func aBondInAnotherModeFails() throws {
        let (network, check) = try Self.added()
        network.update("bond0") { $0.bond?.mode = 0 }

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("CHECK", check)

        #expect(run.output["msg"].stringValue == "CHECK failed: bond0 is in mode balance-rr, the configuration says active-backup")
    }

    @Test func aBondThatIsDownFails() throws {
        let (network, check) = try Self.added()
        network.update("bond0") { $0.up = false }

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("CHECK", check)

        #expect(run.output["msg"].stringValue == "CHECK failed: bond0 is down")
    }

    @Test func aMissingAddressFails() throws {
        let (network, _) = try Self.added()
        let previous = #"{"cniVersion":"1.0.0","interfaces":[{"name":"bond0"}],"ips":[{"address":"10.56.217.9/24"}]}"#

        let run = Invocation(network: network, ipam: try ScriptedIPAM())("CHECK", try config(#"{"prevResult":\#(previous)}"#))

        #expect(run.output["msg"].stringValue == "CHECK failed: address 10.56.217.9/24 is missing from bond0")
    }
}
