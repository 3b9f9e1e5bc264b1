import CNI
import Testing

@Suite struct CNIEnvironmentTests {
    static let add: [String: String] = [
        "CNI_COMMAND": "ADD",
        "CNI_CONTAINERID": "3f2a9c_pod-1.x",
        "CNI_NETNS": "/var/run/netns/pod1",
        "CNI_IFNAME": "bond0",
        "CNI_PATH": "/opt/cni/bin:/usr/libexec/cni",
    ]

    func environment(_ changes: [String: String?], base: [String: String] = add) -> [String: String] {
        var result = base
        for (key, value) in changes { result[key] = value }
        return result
    }

    func error(_ environment: [String: String]) throws -> CNIError {
        try #require(failure { () throws(CNIError) in try CNIEnvironment(environment) })
    }

    @Test func addParsesEverything() throws {
        let env = try CNIEnvironment(environment(["CNI_ARGS": "IgnoreUnknown=1;K8S_POD_NAME=web-0"]))
        #expect(env.command == .add)
        #expect(env.containerID == "3f2a9c_pod-1.x")
        #expect(env.netns == "/var/run/netns/pod1")
        #expect(env.ifname == "bond0")
        #expect(env.paths == ["/opt/cni/bin", "/usr/libexec/cni"])
        #expect(env.args == ["IgnoreUnknown": "1", "K8S_POD_NAME": "web-0"])
    }

    @Test(arguments: [CNICommand.add, .check])
    func addAndCheckRequireAllThree(command: CNICommand) throws {
        let base = environment(["CNI_COMMAND": command.rawValue])
        #expect(try CNIEnvironment(base).command == command)
        for name in ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"] {
            for value in [nil, ""] as [String?] {
                let failure = try error(environment([name: value], base: base))
                #expect(failure.code == 4)
                #expect(failure.message.contains(name))
                #expect(failure.message.contains(command.rawValue))
            }
        }
    }

    @Test func delAllowsMissingOrEmptyNetns() throws {
        let base = environment(["CNI_COMMAND": "DEL"])
        let absent = try CNIEnvironment(environment(["CNI_NETNS": nil], base: base))
        #expect(absent.command == .del)
        #expect(absent.netns == nil)
        let empty = try CNIEnvironment(environment(["CNI_NETNS": ""], base: base))
        #expect(empty.netns == nil)
        #expect(empty.ifname == "bond0")
        #expect(try CNIEnvironment(base).netns == "/var/run/netns/pod1")
    }

    @Test func delRequiresContainerIDAndIfname() throws {
        let base = environment(["CNI_COMMAND": "DEL", "CNI_NETNS": nil])
        for name in ["CNI_CONTAINERID", "CNI_IFNAME"] {
            let failure = try error(environment([name: nil], base: base))
            #expect(failure.code == 4)
            #expect(failure.message.contains(name))
        }
    }

    @Test(arguments: [CNICommand.version, .status, .gc])
    func commandsWithoutContainer(command: CNICommand) throws {
        let env = try CNIEnvironment(["CNI_COMMAND": command.rawValue])
        #expect(env.command == command)
        #expect(env.containerID == nil)
        #expect(env.netns == nil)
        #expect(env.ifname == nil)
        #expect(env.args.isEmpty)
        #expect(env.paths.isEmpty)
        // Per-container variables are not read, even when malformed.
        let noisy = try CNIEnvironment([
            "CNI_COMMAND": command.rawValue, "CNI_IFNAME": "a/b", "CNI_ARGS": "junk", "CNI_PATH": "/opt/cni/bin",
        ])
        #expect(noisy.ifname == nil)
        #expect(noisy.paths == ["/opt/cni/bin"])
    }

    @Test func missingCommand() throws {
        for value in [nil, ""] as [String?] {
            let failure = try error(environment(["CNI_COMMAND": value]))
            #expect(failure.code == 4)
            #expect(failure.message.contains("CNI_COMMAND is not set"))
            #expect(failure.message.contains("ADD, DEL, CHECK, VERSION, STATUS, GC"))
        }
    }

    @Test(arguments: ["add", "DELETE", "UPDATE", " ADD"])
    func unknownCommand(value: String) throws {
        let failure = try error(environment(["CNI_COMMAND": value]))
        #expect(failure.code == 4)
        #expect(failure.message.contains("CNI_COMMAND"))
        #expect(failure.message.contains(value))
    }

    @Test(arguments: ["a/b", "a:b", "a b", "a\tb", ".", "..", "abcdefghijklmnop", "net\u{1}"])
    func badIfname(value: String) throws {
        let failure = try error(environment(["CNI_IFNAME": value]))
        #expect(failure.code == 4)
        #expect(failure.message.contains("CNI_IFNAME"))
    }

    @Test(arguments: ["eth0", "net1", "a", "abcdefghijklmno", "bond.100", "vlan-1_x", "ÿ"])
    func goodIfname(value: String) throws {
        #expect(try CNIEnvironment(environment(["CNI_IFNAME": value])).ifname == value)
    }

    @Test func ifnameLengthCountsBytes() throws {
        // 8 two-byte characters: 16 bytes, one too many.
        let failure = try error(environment(["CNI_IFNAME": String(repeating: "é", count: 8)]))
        #expect(failure.message.contains("16 bytes"))
        #expect(try CNIEnvironment(environment(["CNI_IFNAME": String(repeating: "é", count: 7)])).ifname != nil)
    }

    @Test(arguments: ["-abc", "_x", ".x", "a/b", "a b", "a:b"])
    func badContainerID(value: String) throws {
        let failure = try error(environment(["CNI_CONTAINERID": value]))
        #expect(failure.code == 4)
        #expect(failure.message.contains("CNI_CONTAINERID"))
    }

    @Test func argsParsing() throws {
        func args(_ text: String) throws -> [String: String] {
            try CNIEnvironment(environment(["CNI_ARGS": text])).args
        }
        #expect(try args("").isEmpty)
        #expect(try args("A=1") == ["A": "1"])
        #expect(try args("A=1;B=2;") == ["A": "1", "B": "2"])
        #expect(try args("A=") == ["A": ""])
        #expect(try args("A=b=c") == ["A": "b=c"])
        #expect(try args(";;A=1") == ["A": "1"])
    }

    @Test(arguments: ["A", "A=1;B", "=1", "A=1;=2", "A=1;A=2"])
    func malformedArgs(value: String) throws {
        let failure = try error(environment(["CNI_ARGS": value]))
        #expect(failure.code == 4)
        #expect(failure.message.contains("CNI_ARGS"))
    }

    @Test func pathDropsEmptyEntries() throws {
        let env = try CNIEnvironment(environment(["CNI_PATH": ":/a::/b:"]))
        #expect(env.paths == ["/a", "/b"])
        #expect(try CNIEnvironment(environment(["CNI_PATH": nil])).paths.isEmpty)
    }
}
