import CNI
import Foundation
import JSONValues
import Testing

/// Bad environment and configuration: a CNI error object on stdout, exit
/// status 1, and never a crash. These run without root: each fails before the
/// plugin touches the kernel.
@Suite struct BadInputTests {
    @Test func versionListsEverySupportedVersion() throws {
        let run = try runPlugin("VERSION", config: #"{"cniVersion":"0.4.0"}"#, ifname: nil, containerID: nil)
        #expect(run.status == 0)
        #expect(run.output["cniVersion"] == "0.4.0")
        let versions = run.output["supportedVersions"].arrayValue?.compactMap(\.stringValue) ?? []
        #expect(versions == ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var command: String?
        var config: String
        var netns: String? = "/run/netns/does-not-exist-pfsr"
        var ifname: String? = "bond0"
        var code: Int64
        var mentions: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no CNI_COMMAND", command: nil, config: bondConfig(), code: 4, mentions: "CNI_COMMAND"),
        Case(name: "unknown CNI_COMMAND", command: "ATTACH", config: bondConfig(), code: 4, mentions: "CNI_COMMAND"),
        Case(name: "ADD without CNI_NETNS", command: "ADD", config: bondConfig(), netns: nil, code: 4, mentions: "CNI_NETNS"),
        Case(name: "ADD with a bad CNI_IFNAME", command: "ADD", config: bondConfig(), ifname: "a/b", code: 4, mentions: "CNI_IFNAME"),
        Case(name: "ADD with CNI_IFNAME one of the links", command: "ADD", config: bondConfig(), ifname: "net2", code: 7,
             mentions: #"CNI_IFNAME "net2" is also links[1].name"#),
        Case(name: "not JSON", command: "ADD", config: "{\"cniVersion\": ", code: 6, mentions: "decode"),
        Case(name: "empty stdin", command: "ADD", config: "", code: 6, mentions: "decode"),
        Case(name: "unsupported cniVersion", command: "ADD", config: bondConfig(["cniVersion": "9.9.9"]), code: 1, mentions: "9.9.9"),
        Case(name: "miimon not a number", command: "ADD", config: bondConfig(["miimon": "abc"]), code: 7, mentions: "miimon"),
        Case(name: "one link", command: "ADD", config: bondConfig(["links": [["name": "net1"]]]), code: 7, mentions: "links"),
        Case(name: "unknown mode", command: "ADD", config: bondConfig(["mode": "active-active"]), code: 7, mentions: "mode"),
        Case(name: "failOverMac 3", command: "ADD", config: bondConfig(["failOverMac": 3]), code: 7, mentions: "failOverMac"),
        Case(name: "mtu 67", command: "ADD", config: bondConfig(["mtu": 67]), code: 7, mentions: "mtu"),
        Case(name: "type is not bond", command: "ADD", config: bondConfig(["type": "bridge"]), code: 7, mentions: "type"),
        Case(name: "container namespace missing on ADD", command: "ADD", config: bondConfig(), code: 3, mentions: "does-not-exist-pfsr"),
        Case(name: "CHECK before 0.4.0", command: "CHECK", config: bondConfig(["cniVersion": "0.3.1"]), code: 1, mentions: "0.4.0"),
        Case(name: "CHECK without prevResult", command: "CHECK", config: bondConfig(), code: 7, mentions: "prevResult"),
        Case(name: "IPAM plugin not in CNI_PATH", command: "DEL", config: bondConfig(["ipam": ["type": "no-such-ipam"]]), code: 50, mentions: "no-such-ipam"),
    ]

    @Test(arguments: cases) func refusedWithACNIError(_ item: Case) throws {
        let run = try runPlugin(item.command, config: item.config, netns: item.netns, ifname: item.ifname)
        #expect(run.status == 1, "\(run.text)")
        #expect(run.errorCode == item.code, "\(run.text)")
        #expect(run.errorMessage.contains(item.mentions), "\(run.text)")
        #expect(run.output["cniVersion"].stringValue != nil, "the error object carries a cniVersion")
    }

    @Test func errorsAreAnsweredInTheConfigurationsVersion() throws {
        let run = try runPlugin("ADD", config: bondConfig(["cniVersion": "0.3.1", "miimon": "fast"]), netns: "/run/netns/x")
        #expect(run.errorCode == 7)
        #expect(run.output["cniVersion"] == "0.3.1")
    }

    @Test func delWithoutANamespaceOrIPAMSucceedsQuietly() throws {
        let run = try runPlugin("DEL", config: bondConfig(), netns: nil)
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.isEmpty)
    }
}
