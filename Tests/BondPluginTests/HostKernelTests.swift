import CNI
import Foundation
import JSONValues
import Testing

/// The plugin against this machine's kernel, which has namespaces and veth
/// but no bonding: everything up to the bond's creation is real here, and a
/// failed ADD must put the links back as they were. Full ADD/CHECK/DEL runs
/// in the lab VM (lab/scenarios/1*-cni-*.sh). Needs root.
@Suite(.enabled(if: isRoot, "needs root: network namespaces and veth"), .serialized)
struct HostKernelTests {
    /// A namespace standing in for the pod's, with a veth pair's ends.
    final class Pod {
        let name = uniqueName("pfsr-pod-")
        var path: String { "/run/netns/\(name)" }
        init() throws { try shell("ip", "netns", "add", name) }
        deinit { _ = try? shell("ip", "netns", "del", name) }
    }

    @Test func aFailedAddGivesMovedLinksBackToTheHost() throws {
        let pod = try Pod()
        let first = uniqueName("pfa"), second = uniqueName("pfb")
        try shell("ip", "link", "add", first, "type", "veth", "peer", "name", first + "p")
        try shell("ip", "link", "add", second, "type", "veth", "peer", "name", second + "p")
        defer {
            _ = try? shell("ip", "link", "del", first)
            _ = try? shell("ip", "link", "del", second)
        }
        try shell("ip", "link", "set", first, "up")
        let config = bondConfig(["linksInContainer": false, "links": [["name": .string(first)], ["name": .string(second)]]])

        let run = try runPlugin("ADD", config: config, netns: pod.path)

        // Without bonding in this kernel the bond cannot be created; with it,
        // ADD succeeds and DEL must then bring the links back the same way.
        if run.status == 0 {
            let del = try runPlugin("DEL", config: config, netns: pod.path)
            #expect(del.status == 0, "\(del.text)")
        } else {
            #expect(run.errorCode == 999, "\(run.text)")
            #expect(run.errorMessage.contains("create bond bond0"), "\(run.text)")
        }
        #expect(try linkState(first) == LinkState(exists: true, master: nil, up: run.status != 0))
        #expect(try linkState(second) == LinkState(exists: true, master: nil, up: false))
        #expect(try linkState(first, netns: pod.name).exists == false)
    }

    @Test func aMissingLinkUndoesTheMovesAlreadyMade() throws {
        let pod = try Pod()
        let first = uniqueName("pfc")
        try shell("ip", "link", "add", first, "type", "veth", "peer", "name", first + "p")
        defer { _ = try? shell("ip", "link", "del", first) }
        try shell("ip", "link", "set", first, "up")
        let config = bondConfig(["linksInContainer": false, "links": [["name": .string(first)], ["name": "pfsr-missing0"]]])

        let run = try runPlugin("ADD", config: config, netns: pod.path)

        #expect(run.status == 1)
        #expect(run.errorCode == 7)
        #expect(run.errorMessage.contains("links[1].name"), "\(run.text)")
        #expect(try linkState(first) == LinkState(exists: true, master: nil, up: true), "moved back to the host and up again")
        #expect(try linkState(first, netns: pod.name).exists == false)
    }

    @Test func anMTUAboveALinksIsRefusedBeforeAnythingChanges() throws {
        let pod = try Pod()
        try shell("ip", "-n", pod.name, "link", "add", "net1", "mtu", "1400", "type", "veth", "peer", "name", "net2")
        try shell("ip", "-n", pod.name, "link", "set", "net1", "up")

        let run = try runPlugin("ADD", config: bondConfig(["mtu": 1500]), netns: pod.path)

        #expect(run.status == 1)
        #expect(run.errorCode == 7)
        #expect(run.errorMessage.contains("\"mtu\""), "\(run.text)")
        #expect(run.errorMessage.contains("net1"), "\(run.text)")
        #expect(try linkState("net1", netns: pod.name) == LinkState(exists: true, master: nil, up: true))
        #expect(try linkState("bond0", netns: pod.name).exists == false)
    }

    @Test func delIsIdempotentInAnEmptyNamespace() throws {
        let pod = try Pod()
        for _ in 0..<2 {
            let run = try runPlugin("DEL", config: bondConfig(), netns: pod.path)
            #expect(run.status == 0, "\(run.text)")
        }
        let gone = try runPlugin("DEL", config: bondConfig(), netns: "/run/netns/pfsr-deleted-already")
        #expect(gone.status == 0, "\(gone.text)")
    }

    @Test func checkOfAMissingBondFails() throws {
        let pod = try Pod()
        let previous: JSONValue = [
            "cniVersion": "1.0.0", "interfaces": [["name": "bond0", "sandbox": .string(pod.path)]],
            "ips": [["address": "10.56.217.2/24", "interface": 0]],
        ]
        let run = try runPlugin("CHECK", config: bondConfig(["prevResult": previous]), netns: pod.path)
        #expect(run.status == 1)
        #expect(run.errorMessage.contains("bond0 does not exist"), "\(run.text)")
    }
}
