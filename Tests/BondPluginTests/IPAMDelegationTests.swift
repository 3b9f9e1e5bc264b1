import CNI
import Foundation
import JSONValues
import Testing

/// The plugin delegating to Debian's real host-local (containernetworking-plugins,
/// which `.ci/run` installs), on the host: these paths run before or without
/// the kernel's bonding, so they need no VM.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/lib/cni/host-local"),
                "needs /usr/lib/cni/host-local (Debian's containernetworking-plugins)"))
struct IPAMDelegationTests {
    let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("pfsr-ipam-\(uniqueName("t"))").path

    func config(_ version: String = "1.0.0") -> String {
        bondConfig(["cniVersion": .string(version),
                    "ipam": ["type": "host-local", "subnet": "10.77.0.0/24", "dataDir": .string(dataDir)]])
    }

    /// What host-local has reserved for the network ("bond-net1").
    func reserved() -> [String] {
        let folder = dataDir + "/bond-net1"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("10.") }.sorted()
    }

    @Test func delReleasesTheAllocationEvenWhenTheNamespaceIsGone() throws {
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        // An allocation made as the plugin's ADD would make it.
        var environment = ProcessInfo.processInfo.environment
        environment.merge(["CNI_COMMAND": "ADD", "CNI_CONTAINERID": "test-container", "CNI_NETNS": "/proc/self/ns/net",
                           "CNI_IFNAME": "bond0", "CNI_PATH": "/usr/lib/cni"]) { $1 }
        let hostLocal = Process()
        hostLocal.executableURL = URL(fileURLWithPath: "/usr/lib/cni/host-local")
        hostLocal.environment = environment
        let stdin = Pipe()
        hostLocal.standardInput = stdin
        hostLocal.standardOutput = Pipe()
        try hostLocal.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data(config().utf8))
        try stdin.fileHandleForWriting.close()
        hostLocal.waitUntilExit()
        #expect(reserved() == ["10.77.0.2"])

        let run = try runPlugin("DEL", config: config(), netns: "/run/netns/pfsr-gone-already")

        #expect(run.status == 0, "\(run.text)")
        #expect(reserved().isEmpty, "host-local still holds \(reserved())")
    }

    @Test func statusAndGCWithAnIPAMPluginOlderThan110() throws {
        // host-local 1.1.1 speaks up to 1.0.0: STATUS checks it is there, GC has nothing to ask it.
        for command in ["STATUS", "GC"] {
            let run = try runPlugin(command, config: config("1.1.0"), netns: nil, ifname: nil, containerID: nil)
            #expect(run.status == 0, "\(command): \(run.text)")
        }
    }

    @Test func ipamErrorsArePassedOnWithTheirCode() throws {
        let bad = bondConfig(["ipam": ["type": "host-local", "subnet": "10.77.0.0/33", "dataDir": .string(dataDir)]])
        let run = try runPlugin("DEL", config: bad, netns: nil)
        #expect(run.status == 1)
        #expect(run.errorMessage.hasPrefix("IPAM plugin host-local DEL:"), "\(run.text)")
        // host-local's own message and code (999, Go plugins' code for an internal error).
        #expect(run.errorMessage.contains("invalid CIDR address"), "\(run.text)")
        #expect(run.errorCode == 999, "\(run.text)")
    }
}
