public import Foundation
public import JSONValues
import KubeModel

/// What each row of a Table carries besides its cells (`?includeObject=`).
public enum IncludeObject: String, Sendable, Hashable, CaseIterable {
    /// No object.
    case none = "None"
    /// A `PartialObjectMetadata` with the object's metadata (kube-apiserver's default).
    case metadata = "Metadata"
    /// The whole object.
    case object = "Object"

    /// The query parameter's value; empty means the default (`.metadata`); nil if unknown.
    public init?(queryValue: String) {
        if queryValue.isEmpty {
            self = .metadata
        } else {
            self.init(rawValue: queryValue)
        }
    }
}

/// Server-side printing: turns objects into a `meta.k8s.io/v1` `Table`, which
/// is what `kubectl get` asks for (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`).
public struct TablePrinter: Sendable {
    /// One column: its definition and how to compute its cell from an object.
    public struct Column: Sendable {
        public var name: String
        public var type: String
        public var format: String
        public var description: String
        public var priority: Int
        /// The cell for an object; `now` is for ages.
        public var cell: @Sendable (_ object: JSONValue, _ now: Date) -> JSONValue

        public init(
            name: String, type: String, format: String = "", description: String = "", priority: Int = 0,
            cell: @escaping @Sendable (_ object: JSONValue, _ now: Date) -> JSONValue
        ) {
            self.name = name
            self.type = type
            self.format = format
            self.description = description
            self.priority = priority
            self.cell = cell
        }

        /// The `columnDefinitions` entry.
        public var definitionJSON: JSONValue {
            [
                "name": .string(name), "type": .string(type), "format": .string(format),
                "description": .string(description), "priority": .int(Int64(priority)),
            ]
        }
    }

    public var columns: [Column]

    public init(columns: [Column]) {
        self.columns = columns
    }

    // MARK: Tables

    /// A `Table` of `objects`. `listMetadata` becomes the table's `metadata`
    /// (`resourceVersion`, `continue`, ...). Without column definitions (as in
    /// watch events after the first) `columnDefinitions` is empty.
    public func table(
        for objects: [JSONValue], includeObject: IncludeObject = .metadata, listMetadata: JSONValue = .emptyObject,
        includeColumnDefinitions: Bool = true, now: Date = Date()
    ) -> JSONValue {
        [
            "kind": "Table",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": listMetadata == .null ? .emptyObject : listMetadata,
            "columnDefinitions": .array(includeColumnDefinitions ? columns.map(\.definitionJSON) : []),
            "rows": .array(objects.map { row(for: $0, includeObject: includeObject, now: now) }),
        ]
    }

    /// The `columnDefinitions` array.
    public var columnDefinitionsJSON: JSONValue { .array(columns.map(\.definitionJSON)) }

    /// One row: `{"cells": [...], "object": ...}` (no `object` for `.none`).
    public func row(for object: JSONValue, includeObject: IncludeObject = .metadata, now: Date = Date()) -> JSONValue {
        var row: JSONValue = ["cells": .array(columns.map { $0.cell(object, now) })]
        switch includeObject {
        case .none:
            break
        case .metadata:
            row["object"] = [
                "kind": "PartialObjectMetadata",
                "apiVersion": "meta.k8s.io/v1",
                "metadata": object["metadata"] == .null ? .emptyObject : object["metadata"],
            ]
        case .object:
            row["object"] = object
        }
        return row
    }

    // MARK: Printers

    /// kube-apiserver's table for a custom resource: Name, then the declared
    /// columns; with none declared, Name and Age (a `date` column of
    /// `.metadata.creationTimestamp`).
    public static func forCustomResource(columns: [PrinterColumn]) -> TablePrinter {
        guard !columns.isEmpty else { return standard() }
        var result = [nameColumn]
        for column in columns {
            let description =
                column.description.isEmpty
                ? "Custom resource definition column (in JSONPath format): \(column.jsonPath)" : column.description
            result.append(
                Column(
                    name: column.name, type: column.type, format: column.format, description: description,
                    priority: column.priority
                ) { object, now in column.cell(for: object, now: now) })
        }
        return TablePrinter(columns: result)
    }

    /// Name and Age: what kube-apiserver shows for a custom resource without
    /// printer columns (Age is a `date` column of `.metadata.creationTimestamp`,
    /// whose cells the server renders as ages, e.g. `5m`).
    public static func standard() -> TablePrinter {
        TablePrinter(columns: [nameColumn, dateAgeColumn])
    }

    private static let dateAgeColumn = Column(name: "Age", type: "date", description: Descriptions.creationTimestamp) {
        object, now in
        guard let text = object[path: ["metadata", "creationTimestamp"]].stringValue else { return .null }
        guard let created = TimeText.parse(text) else { return "<invalid>" }
        return .string(TimeText.age(since: created, now: now))
    }

    /// The printer kube-apiserver uses for a built-in resource (plural name,
    /// e.g. `deployments`), or nil when it has none here (use ``standard()``).
    public static func builtIn(resource: String) -> TablePrinter? {
        switch resource {
        case "namespaces": return namespaces()
        case "nodes": return nodes()
        case "daemonsets": return daemonSets()
        case "deployments": return deployments()
        case "configmaps": return configMaps()
        default: return nil
        }
    }

    /// The Name column (`"format": "name"`).
    public static let nameColumn = Column(name: "Name", type: "string", format: "name", description: Descriptions.name) {
        object, _ in .string(object[path: ["metadata", "name"]].stringValue ?? "")
    }

    /// An Age column as built-in printers make it: a string such as `5m` or `3d4h`.
    public static let ageColumn = Column(name: "Age", type: "string", description: Descriptions.creationTimestamp) {
        object, now in
        .string(age(of: object, now: now))
    }

    /// kubectl's age of an object: `<unknown>` without a creation timestamp.
    public static func age(of object: JSONValue, now: Date) -> String {
        guard let text = object[path: ["metadata", "creationTimestamp"]].stringValue,
            let created = TimeText.parse(text)
        else { return "<unknown>" }
        return TimeText.age(since: created, now: now)
    }

    enum Descriptions {
        static let name =
            "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
        static let creationTimestamp =
            "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
    }
}
