import KubeModel
import OperatorCore
import Testing

@Suite("MonitorSpec: validation and defaulting")
struct MonitorSpecTests {
    @Test("a valid spec parses, pollingInterval defaults to 1000")
    func validSpec() throws {
        let spec = try MonitorSpec.parse(monitorObject()).get()
        #expect(spec == MonitorSpec(interfaces: ["ens5f0", "ens5f1"], pollingInterval: 1000, nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
        #expect(spec.nodeSelection == .matchLabels(["kubernetes.io/hostname": "worker-0"]))

        let defaulted = try MonitorSpec.parse(monitorObject(spec: ["interfaces": ["ens5f0"]])).get()
        #expect(defaulted.pollingInterval == 1000)
        #expect(defaulted.nodeSelector == nil)
        #expect(defaulted.nodeSelection == .everyNode)

        let bounds = try MonitorSpec.parse(monitorObject(spec: ["interfaces": ["a"], "pollingInterval": 3_600_000])).get()
        #expect(bounds.pollingInterval == 3_600_000)
        // JSON has one number type: 2000.0 is the integer 2000.
        let double = try MonitorSpec.parse(monitorObject(spec: ["interfaces": ["a"], "pollingInterval": 2000.0])).get()
        #expect(double.pollingInterval == 2000)
        // An empty selector selects every node.
        let empty = try MonitorSpec.parse(monitorObject(spec: ["interfaces": ["a"], "nodeSelector": [:]])).get()
        #expect(empty.nodeSelection == .everyNode)
    }

    @Test("lacpduTimeout is optional with no default, and kept when within 1100 to 2999")
    func lacpduTimeout() throws {
        #expect(try MonitorSpec.parse(monitorObject()).get().lacpduTimeout == nil)
        #expect(try MonitorSpec.parse(monitorObject(spec: ["interfaces": ["a"], "lacpduTimeout": .null])).get().lacpduTimeout == nil)
        for milliseconds: Int64 in [1100, 1500, 2999] {
            let spec = try MonitorSpec.parse(monitorObject(spec: ["interfaces": ["a"], "lacpduTimeout": .int(milliseconds)])).get()
            #expect(spec == MonitorSpec(interfaces: ["a"], pollingInterval: 1000, lacpduTimeout: Int(milliseconds)))
        }
        let double = try MonitorSpec.parse(monitorObject(spec: ["interfaces": ["a"], "lacpduTimeout": 1500.0])).get()
        #expect(double.lacpduTimeout == 1500)
    }

    @Test(
        "invalid specs are refused with the API server's messages",
        arguments: [
            (#"{}"#, ["spec.interfaces: Required value"]),
            (#"{"interfaces": null}"#, ["spec.interfaces: Required value"]),
            (#"{"interfaces": []}"#, ["spec.interfaces: Required value: at least one interface must be listed"]),
            (
                #"{"interfaces": "ens5f0"}"#,
                [#"spec.interfaces: Invalid value: "string": spec.interfaces in body must be of type array: "string""#]
            ),
            (#"{"interfaces": ["ens5f0", "ens5f0"]}"#, [#"spec.interfaces[1]: Duplicate value: "ens5f0""#]),
            (#"{"interfaces": [""]}"#, [#"spec.interfaces[0]: Invalid value: "": must not be empty"#]),
            (
                #"{"interfaces": ["ens5f0", 7]}"#,
                [#"spec.interfaces[1]: Invalid value: "integer": spec.interfaces[1] in body must be of type string: "integer""#]
            ),
            (
                #"{"interfaces": ["ens5f0,ens5f1"]}"#,
                [#"spec.interfaces[0]: Invalid value: "ens5f0,ens5f1": must not contain '/', ':', ',' or whitespace"#]
            ),
            (
                #"{"interfaces": ["a-very-long-interface"]}"#,
                [
                    #"spec.interfaces[0]: Invalid value: "a-very-long-interface": must be no more than 15 bytes (the kernel's limit for interface names)"#
                ]
            ),
            (#"{"interfaces": [".."]}"#, [#"spec.interfaces[0]: Invalid value: "..": must not be "." or "..""#]),
            (#"{"interfaces": ["a"], "pollingInterval": 500}"#, ["spec.pollingInterval: Invalid value: 500: must be at least 1000"]),
            (
                #"{"interfaces": ["a"], "pollingInterval": 3600001}"#,
                ["spec.pollingInterval: Invalid value: 3600001: must be at most 3600000"]
            ),
            (
                #"{"interfaces": ["a"], "pollingInterval": "1s"}"#,
                [#"spec.pollingInterval: Invalid value: "string": spec.pollingInterval in body must be of type integer: "string""#]
            ),
            (
                #"{"interfaces": ["a"], "pollingInterval": 1500.5}"#,
                [#"spec.pollingInterval: Invalid value: "number": spec.pollingInterval in body must be of type integer: "number""#]
            ),
            (#"{"interfaces": ["a"], "lacpduTimeout": 1000}"#, ["spec.lacpduTimeout: Invalid value: 1000: must be at least 1100"]),
            (#"{"interfaces": ["a"], "lacpduTimeout": 1099}"#, ["spec.lacpduTimeout: Invalid value: 1099: must be at least 1100"]),
            (#"{"interfaces": ["a"], "lacpduTimeout": 3000}"#, ["spec.lacpduTimeout: Invalid value: 3000: must be at most 2999"]),
            (#"{"interfaces": ["a"], "lacpduTimeout": -1}"#, ["spec.lacpduTimeout: Invalid value: -1: must be at least 1100"]),
            (
                #"{"interfaces": ["a"], "lacpduTimeout": "x"}"#,
                [#"spec.lacpduTimeout: Invalid value: "string": spec.lacpduTimeout in body must be of type integer: "string""#]
            ),
            (
                #"{"interfaces": ["a"], "lacpduTimeout": 1500.5}"#,
                [#"spec.lacpduTimeout: Invalid value: "number": spec.lacpduTimeout in body must be of type integer: "number""#]
            ),
            (
                #"{"interfaces": ["a"], "lacpduTimeout": true}"#,
                [#"spec.lacpduTimeout: Invalid value: "boolean": spec.lacpduTimeout in body must be of type integer: "boolean""#]
            ),
            (
                #"{"interfaces": ["a"], "pollingInterval": 500, "lacpduTimeout": 5000}"#,
                [
                    "spec.pollingInterval: Invalid value: 500: must be at least 1000",
                    "spec.lacpduTimeout: Invalid value: 5000: must be at most 2999",
                ]
            ),
            (
                #"{"interfaces": ["a"], "nodeSelector": ["x"]}"#,
                [#"spec.nodeSelector: Invalid value: "array": spec.nodeSelector in body must be of type object: "array""#]
            ),
            (
                #"{"interfaces": ["a"], "nodeSelector": {"role": 1}}"#,
                [#"spec.nodeSelector[role]: Invalid value: "integer": spec.nodeSelector[role] in body must be of type string: "integer""#]
            ),
            (
                #"{"interfaces": ["a"], "nodeSelector": {"role": "edge node"}}"#,
                [
                    #"spec.nodeSelector: Invalid value: "edge node": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#
                ]
            ),
            (
                #"{"interfaces": ["a"], "nodeSelector": {"/role": "x"}}"#,
                [#"spec.nodeSelector: Invalid value: "/role": prefix part must be non-empty"#]
            ),
            (
                #"{"interfaces": ["ens5f0", "", "ens5f0"], "pollingInterval": 10}"#,
                [
                    #"spec.interfaces[1]: Invalid value: "": must not be empty"#,
                    #"spec.interfaces[2]: Duplicate value: "ens5f0""#,
                    "spec.pollingInterval: Invalid value: 10: must be at least 1000",
                ]
            ),
        ])
    func invalid(specText: String, messages: [String]) throws {
        let result = MonitorSpec.parse(monitorObject(spec: try json(specText)))
        guard case .failure(let errors) = result else {
            Issue.record("expected \(specText) to be refused, got \(result)")
            return
        }
        #expect(errors.errors.map(\.description) == messages)
        let aggregate = messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]"
        #expect(errors.description == aggregate)
    }

    @Test("an absent spec, a spec that is not an object, a monitor that is not an object")
    func shapes() {
        var monitor = monitorObject()
        monitor["spec"] = .null
        #expect(MonitorSpec.parse(monitor).failureDescription == "spec.interfaces: Required value")
        monitor["spec"] = "x"
        #expect(
            MonitorSpec.parse(monitor).failureDescription
                == #"spec: Invalid value: "string": spec in body must be of type object: "string""#)
        #expect(
            MonitorSpec.parse([1, 2]).failureDescription
                == #"<root>: Invalid value: "array": <root> in body must be of type object: "array""#)
    }

    @Test("a monitor name too long for the DaemonSet's app label is refused")
    func nameLength() throws {
        let longest = String(repeating: "a", count: 44)
        #expect(OperatorNames.maximumMonitorNameLength == 44)
        #expect(throws: Never.self) { try MonitorSpec.parse(monitorObject(name: longest)).get() }
        let tooLong = String(repeating: "a", count: 45)
        #expect(
            MonitorSpec.parse(monitorObject(name: tooLong)).failureDescription
                == "metadata.name: Invalid value: \"\(tooLong)\": must be no more than 44 characters, so that the label app=pf-status-relay-ds-<name> of its DaemonSet has at most 63"
        )
    }

    @Test("interface name rules follow the kernel's")
    func interfaceNames() {
        #expect(MonitorSpec.interfaceNameProblems("ens5f0np0").isEmpty)
        #expect(MonitorSpec.interfaceNameProblems("bond0.100").isEmpty)
        #expect(MonitorSpec.interfaceNameProblems(String(repeating: "e", count: 15)).isEmpty)
        #expect(MonitorSpec.interfaceNameProblems(String(repeating: "e", count: 16)).count == 1)
        #expect(MonitorSpec.interfaceNameProblems("a b") == ["must not contain '/', ':', ',' or whitespace"])
        #expect(MonitorSpec.interfaceNameProblems("a/b") == ["must not contain '/', ':', ',' or whitespace"])
        #expect(MonitorSpec.interfaceNameProblems("eth0:1") == ["must not contain '/', ':', ',' or whitespace"])
        #expect(MonitorSpec.interfaceNameProblems(".") == [#"must not be "." or "..""#])
    }
}

extension Result where Failure == MonitorSpecErrors {
    var failureDescription: String? {
        if case .failure(let errors) = self { return errors.description }
        return nil
    }
}
