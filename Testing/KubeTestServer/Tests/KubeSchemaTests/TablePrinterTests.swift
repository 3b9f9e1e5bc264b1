import Foundation
import JSONValues
import KubeModel
import KubeSchema
import Testing

@Suite("Table printing")
struct TablePrinterTests {
    static let monitor: JSONValue = [
        "apiVersion": "pfstatusrelay.openshift.io/v1alpha1",
        "kind": "PFLACPMonitor",
        "metadata": ["name": "mon-a", "namespace": "default", "creationTimestamp": "2024-05-01T10:00:00Z", "uid": "u1"],
        "spec": ["interfaces": ["ens5f0", "ens5f1"], "pollingInterval": 1000, "nodeSelector": ["role": "worker"]],
        "status": ["ready": true, "ratio": 2, "conditions": [["type": "Ready", "status": "True"]]],
    ]

    static let columnsJSON: JSONValue = [
        ["name": "Interfaces", "type": "string", "jsonPath": ".spec.interfaces"],
        ["name": "Polling", "type": "integer", "jsonPath": ".spec.pollingInterval", "description": "Polling period"],
        ["name": "Ready", "type": "string", "jsonPath": #".status.conditions[?(@.type=="Ready")].status"#],
        ["name": "IsReady", "type": "boolean", "jsonPath": ".status.ready"],
        ["name": "Ratio", "type": "number", "jsonPath": ".status.ratio", "priority": 1],
        ["name": "Selector", "type": "string", "jsonPath": ".spec.nodeSelector"],
        ["name": "First", "type": "string", "jsonPath": ".spec.interfaces[*]"],
        ["name": "Missing", "type": "string", "jsonPath": ".status.nothing"],
        ["name": "Created", "type": "date", "jsonPath": ".metadata.creationTimestamp"],
        ["name": "Wrong", "type": "integer", "jsonPath": ".metadata.name"],
    ]

    @Test func parsesPrinterColumns() throws {
        let columns = try PrinterColumn.list(json: Self.columnsJSON)
        #expect(columns.count == 10)
        #expect(columns[1].name == "Polling")
        #expect(columns[1].type == "integer")
        #expect(columns[1].description == "Polling period")
        #expect(columns[4].priority == 1)
        #expect(columns[2].jsonPath == #".status.conditions[?(@.type=="Ready")].status"#)
        #expect(try PrinterColumn.list(json: .null) == [])
    }

    @Test func refusesBadPrinterColumns() throws {
        do {
            _ = try PrinterColumn(json: ["name": "X", "type": "list", "jsonPath": ".a"], field: "spec.versions[0].additionalPrinterColumns[0]")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == #"spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "list": supported values: "boolean", "date", "integer", "number", "string""#
            )
        }
        #expect(throws: SchemaError.self) { try PrinterColumn(json: ["name": "X", "type": "string"]) }
        #expect(throws: SchemaError.self) { try PrinterColumn(json: ["name": "X", "type": "string", "jsonPath": ".a["]) }
        #expect(throws: SchemaError.self) { try PrinterColumn(json: ["type": "string", "jsonPath": ".a"]) }
    }

    @Test func customResourceTable() throws {
        let printer = TablePrinter.forCustomResource(columns: try PrinterColumn.list(json: Self.columnsJSON))
        let table = printer.table(
            for: [Self.monitor], includeObject: .none, listMetadata: ["resourceVersion": "42"], now: Self.now)
        #expect(table["kind"] == "Table")
        #expect(table["apiVersion"] == "meta.k8s.io/v1")
        #expect(table["metadata"] == ["resourceVersion": "42"])

        let definitions = try #require(table["columnDefinitions"].arrayValue)
        #expect(definitions.map { $0["name"] } == [
            "Name", "Interfaces", "Polling", "Ready", "IsReady", "Ratio", "Selector", "First", "Missing", "Created", "Wrong",
        ])
        #expect(definitions[0]["format"] == "name")
        #expect(definitions[0]["type"] == "string")
        #expect(definitions[0]["priority"] == 0)
        #expect(definitions[1] == [
            "name": "Interfaces", "type": "string", "format": "",
            "description": "Custom resource definition column (in JSONPath format): .spec.interfaces", "priority": 0,
        ])
        #expect(definitions[2]["description"] == "Polling period")
        #expect(definitions[5]["priority"] == 1)

        let rows = try #require(table["rows"].arrayValue)
        #expect(rows.count == 1)
        #expect(rows[0]["object"] == .null)
        #expect(rows[0].objectValue?.keys.sorted() == ["cells"])
        #expect(rows[0]["cells"] == [
            "mon-a", #"["ens5f0","ens5f1"]"#, 1000, "True", true, .double(2), #"{"role":"worker"}"#, "ens5f0", .null,
            "3d4h", .null,
        ])
        #expect(definitions[9]["type"] == "date")
    }

    @Test func dateColumnsShowTheAgeAsTheServerRendersIt() throws {
        let column = try PrinterColumn(name: "Since", type: "date", jsonPath: ".t")
        #expect(column.cell(for: ["t": "2024-05-04T15:59:00+02:00"], now: Self.now) == "60s")
        #expect(column.cell(for: ["t": "2024-05-04T13:00:00.5Z"], now: Self.now) == "60m")
        #expect(column.cell(for: ["t": "not a time"], now: Self.now) == "<invalid>")
        #expect(column.cell(for: ["t": 5], now: Self.now) == .null)
        #expect(column.cell(for: [:], now: Self.now) == .null)
    }

    @Test func includeObjectMetadataIsPartialObjectMetadata() throws {
        let table = TablePrinter.forCustomResource(columns: []).table(
            for: [Self.monitor], includeObject: .metadata, listMetadata: [:])
        let row = try #require(table["rows"].arrayValue?.first)
        #expect(row["object"] == [
            "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": Self.monitor["metadata"],
        ])
    }

    @Test func includeObjectObjectIsTheObject() throws {
        let table = TablePrinter.standard().table(
            for: [Self.monitor], includeObject: .object, listMetadata: .null, now: Self.now)
        #expect(table["metadata"] == [:])
        #expect(table["rows"] == [["cells": ["mon-a", "3d4h"], "object": Self.monitor]])
    }

    @Test func withoutDeclaredColumnsNameAndAge() {
        let table = TablePrinter.forCustomResource(columns: []).table(
            for: [Self.monitor, ["metadata": ["name": "b"]], ["metadata": ["name": "c", "creationTimestamp": "x"]]],
            now: Self.now)
        #expect(table["columnDefinitions"].arrayValue?.map { $0["name"] } == ["Name", "Age"])
        #expect(table["columnDefinitions"].arrayValue?.map { $0["type"] } == ["string", "date"])
        #expect(table["rows"].arrayValue?.map { $0["cells"] } == [["mon-a", "3d4h"], ["b", .null], ["c", "<invalid>"]])
    }

    @Test func noColumnDefinitionsOnRequest() {
        let table = TablePrinter.standard().table(for: [], includeColumnDefinitions: false)
        #expect(table["columnDefinitions"] == [])
        #expect(table["rows"] == [])
    }

    @Test func includeObjectQueryValues() {
        #expect(IncludeObject(queryValue: "") == .metadata)
        #expect(IncludeObject(queryValue: "None") == IncludeObject.none)
        #expect(IncludeObject(queryValue: "Object") == .object)
        #expect(IncludeObject(queryValue: "Metadata") == .metadata)
        #expect(IncludeObject(queryValue: "everything") == nil)
    }

    // MARK: Built-in printers

    static let now = Date(timeIntervalSince1970: 1_714_557_600 + 3 * 86400 + 4 * 3600)  // 2024-05-04T14:00:00Z

    private func cells(_ printer: TablePrinter, _ object: JSONValue) -> JSONValue {
        printer.table(for: [object], includeObject: .none, now: Self.now)["rows"].arrayValue?.first?["cells"] ?? .null
    }

    private func names(_ printer: TablePrinter) -> [String] {
        printer.columns.map { $0.priority == 0 ? $0.name : "(\($0.name))" }
    }

    @Test func namespaces() {
        let printer = TablePrinter.namespaces()
        #expect(names(printer) == ["Name", "Status", "Age"])
        #expect(cells(printer, ["metadata": ["name": "default", "creationTimestamp": "2024-05-01T10:00:00Z"], "status": ["phase": "Active"]]) == ["default", "Active", "3d4h"])
        #expect(cells(printer, ["metadata": ["name": "new"]]) == ["new", "", "<unknown>"])
    }

    @Test func nodes() {
        let printer = TablePrinter.nodes()
        #expect(names(printer) == [
            "Name", "Status", "Roles", "Age", "Version", "(Internal-IP)", "(External-IP)", "(OS-Image)",
            "(Kernel-Version)", "(Container-Runtime)",
        ])
        let node: JSONValue = [
            "metadata": [
                "name": "worker-0", "creationTimestamp": "2024-05-04T13:55:00Z",
                "labels": ["node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/infra": ""],
            ],
            "spec": ["unschedulable": true],
            "status": [
                "conditions": [["type": "Ready", "status": "True"]],
                "nodeInfo": ["kubeletVersion": "v1.32.1", "osImage": "RHCOS", "kernelVersion": "5.14", "containerRuntimeVersion": "cri-o://1.32"],
                "addresses": [["type": "InternalIP", "address": "10.0.0.5"]],
            ],
        ]
        #expect(cells(printer, node) == [
            "worker-0", "Ready,SchedulingDisabled", "infra,worker", "5m", "v1.32.1", "10.0.0.5", "<none>", "RHCOS", "5.14",
            "cri-o://1.32",
        ])
        let bare = cells(printer, ["metadata": ["name": "n"]]).arrayValue ?? []
        #expect(bare.count == 10)
        #expect(bare.prefix(5) == ["n", "Unknown", "<none>", "<unknown>", ""])
        #expect(bare.suffix(5) == ["<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"])
    }

    @Test func daemonSets() {
        let printer = TablePrinter.daemonSets()
        #expect(names(printer) == [
            "Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "(Containers)",
            "(Images)", "(Selector)",
        ])
        let daemonSet: JSONValue = [
            "metadata": ["name": "relay", "creationTimestamp": "2024-05-04T13:59:15Z"],
            "spec": [
                "selector": ["matchLabels": ["app": "relay"], "matchExpressions": [["key": "tier", "operator": "In", "values": ["b", "a"]]]],
                "template": ["spec": [
                    "nodeSelector": ["node-role.kubernetes.io/worker": "", "a": "b"],
                    "containers": [["name": "relay", "image": "quay.io/relay:1"], ["name": "side", "image": "busybox"]],
                ]],
            ],
            "status": ["desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2, "updatedNumberScheduled": 3, "numberAvailable": 2],
        ]
        #expect(cells(printer, daemonSet) == [
            "relay", 3, 3, 2, 3, 2, "a=b,node-role.kubernetes.io/worker=", "45s", "relay,side", "quay.io/relay:1,busybox",
            "app=relay,tier in (a,b)",
        ])
    }

    @Test func deployments() {
        let printer = TablePrinter.deployments()
        #expect(names(printer) == ["Name", "Ready", "Up-to-date", "Available", "Age", "(Containers)", "(Images)", "(Selector)"])
        let deployment: JSONValue = [
            "metadata": ["name": "web", "creationTimestamp": "2022-01-01T00:00:00Z"],
            "spec": ["replicas": 3, "selector": [:], "template": ["spec": ["containers": [["name": "web", "image": "nginx"]]]]],
            "status": ["readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2],
        ]
        #expect(cells(printer, deployment) == ["web", "2/3", 3, 2, "2y124d", "web", "nginx", "<none>"])
    }

    @Test func configMaps() {
        let printer = TablePrinter.configMaps()
        #expect(names(printer) == ["Name", "Data", "Age"])
        #expect(cells(printer, ["metadata": ["name": "cfg"], "data": ["a": "1", "b": "2"], "binaryData": ["c": "AA=="]]) == ["cfg", 3, "<unknown>"])
    }

    @Test func builtInLookup() {
        #expect(TablePrinter.builtIn(resource: "deployments")?.columns.count == 8)
        #expect(TablePrinter.builtIn(resource: "configmaps")?.columns.map(\.name) == ["Name", "Data", "Age"])
        #expect(TablePrinter.builtIn(resource: "pods") == nil)
    }
}
