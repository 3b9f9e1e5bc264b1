import JSONValues
import KubeModel
import KubeSchema
import Testing

@Suite("JSONPath")
struct JSONPathTests {
    static let node: JSONValue = [
        "metadata": [
            "name": "worker-0",
            "labels": ["kubernetes.io/hostname": "worker-0", "node.kubernetes.io/instance-type": "m5.large"],
        ],
        "spec": ["interfaces": ["ens5f0", "ens5f1", "ens5f2"], "empty": [], "count": 3],
        "status": [
            "conditions": [
                ["type": "MemoryPressure", "status": "False", "priority": 1],
                ["type": "Ready", "status": "True", "priority": 5, "reason": "KubeletReady"],
                ["type": "DiskPressure", "status": "False", "priority": 2],
            ]
        ],
    ]

    private func eval(_ path: String) throws -> [JSONValue] {
        try JSONPath(path).evaluate(Self.node)
    }

    @Test func fields() throws {
        #expect(try eval(".metadata.name") == ["worker-0"])
        #expect(try eval("{.metadata.name}") == ["worker-0"])
        #expect(try eval("  { .metadata.name }  ") == ["worker-0"])
        #expect(try eval("$.metadata.name") == ["worker-0"])
        #expect(try eval("metadata.name") == ["worker-0"])
        #expect(try eval(".spec.count") == [3])
        #expect(try eval(".metadata.missing") == [])
        #expect(try eval(".metadata.name.deeper") == [])
        #expect(try eval(".") == [Self.node])
    }

    @Test func indexes() throws {
        #expect(try eval(".spec.interfaces[0]") == ["ens5f0"])
        #expect(try eval(".spec.interfaces[-1]") == ["ens5f2"])
        #expect(try eval(".spec.interfaces[5]") == [])
        #expect(try eval(".spec.interfaces[0:2]") == ["ens5f0", "ens5f1"])
        #expect(try eval(".spec.interfaces[1:]") == ["ens5f1", "ens5f2"])
        #expect(try eval(".spec.interfaces[::2]") == ["ens5f0", "ens5f2"])
        #expect(try eval(".spec.interfaces[0,2]") == ["ens5f0", "ens5f2"])
        #expect(try eval(".spec.empty[0]") == [])
        #expect(try eval(".spec.interfaces[::-1]") == ["ens5f2", "ens5f1", "ens5f0"])
        #expect(try eval(".spec.interfaces[-1:0:-1]") == ["ens5f2", "ens5f1"])
        #expect(try eval(".spec.interfaces[::9223372036854775807]") == ["ens5f0"])
        #expect(try eval(".spec.interfaces[::-9223372036854775807]") == ["ens5f2"])
        #expect(try eval(".spec.interfaces[-9223372036854775807]") == [])
    }

    @Test func wildcards() throws {
        #expect(try eval(".spec.interfaces[*]") == ["ens5f0", "ens5f1", "ens5f2"])
        #expect(try eval(".status.conditions[*].type") == ["MemoryPressure", "Ready", "DiskPressure"])
        #expect(try eval(".spec.interfaces") == [["ens5f0", "ens5f1", "ens5f2"]])
        #expect(try eval(".metadata.labels.*") == ["worker-0", "m5.large"])
    }

    @Test func quotedKeysWithDots() throws {
        #expect(try eval(".metadata.labels['kubernetes.io/hostname']") == ["worker-0"])
        #expect(try eval(#".metadata.labels["node.kubernetes.io/instance-type"]"#) == ["m5.large"])
        #expect(try eval(#".metadata.labels.kubernetes\.io/hostname"#) == ["worker-0"])
    }

    @Test func filters() throws {
        #expect(try eval(#".status.conditions[?(@.type=="Ready")].status"#) == ["True"])
        #expect(try eval(".status.conditions[?(@.type == 'Ready')].reason") == ["KubeletReady"])
        #expect(try eval(#".status.conditions[?(@.status!="False")].type"#) == ["Ready"])
        #expect(try eval(".status.conditions[?(@.reason)].type") == ["Ready"])
        #expect(try eval(".status.conditions[?(@.priority > 1)].type") == ["Ready", "DiskPressure"])
        #expect(try eval(".status.conditions[?(@.priority<=2)].type") == ["MemoryPressure", "DiskPressure"])
        #expect(try eval(#".status.conditions[?(@.type=="Nope")].status"#) == [])
    }

    @Test func recursiveDescent() throws {
        #expect(try eval("..reason") == ["KubeletReady"])
        #expect(try eval("..name") == ["worker-0"])
    }

    @Test(arguments: [".spec[", ".spec.interfaces[abc]", "{.a}{.b}", "{.a", ".a[?(@.x ~ 1)]", ".a[?(x)]", ".a b"])
    func rejectsMalformedPaths(path: String) {
        #expect(throws: SchemaError.self) { try JSONPath(path) }
    }
}
