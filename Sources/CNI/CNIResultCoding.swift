public import JSONValues

// The result's JSON forms (0.1.0 and 0.2.0: CNILegacyResultCoding.swift).
// 0.3.0, 0.3.1 and 0.4.0 share one layout (ips
// entries carry "version": "4"/"6"); 1.0.0 dropped "version"; 1.1.0 added
// interface mtu/socketPath/pciID and route mtu/advmss/priority/table/scope.

extension CNIResult {
    /// Reads any supported version's layout ("version" in ips is optional
    /// and, when given, must match the address). Unknown members are ignored,
    /// null counts as absent. A malformed member is error 6 naming it, e.g.
    /// `invalid "ips[0].address" in CNI result: "x" is not an IP address with
    /// a prefix length`; an unsupported "cniVersion" is error 1.
    public init(decoding json: JSONValue) throws(CNIError) {
        try self.init(decoding: json, at: "")
    }

    /// As `init(decoding:)`, for a result inside another document: field
    /// names in errors are prefixed with `path` ("prevResult.ips[0].address").
    public init(decoding json: JSONValue, at path: String) throws(CNIError) {
        let reader = ResultReader(root: path)
        let members = try reader.object(json, path)
        var legacy = false
        if let version = members["cniVersion"], version != .null {
            let text = try reader.string(version, reader.join(path, "cniVersion"))
            do throws(CNIError) {
                legacy = try CNIVersion(text).usesLegacyLayout
            } catch {
                throw .incompatibleVersion("\(reader.place(reader.join(path, "cniVersion"))): \(error.message)")
            }
        } else {
            legacy = members["ips"] == nil && members["interfaces"] == nil && (members["ip4"] != nil || members["ip6"] != nil)
        }
        if legacy {
            try self.init(decodingLegacy: members, at: path, reader: reader)
            return
        }

        var interfaces: [Interface] = []
        for (index, element) in try reader.array(members["interfaces"], reader.join(path, "interfaces")).enumerated() {
            interfaces.append(try reader.interface(element, "\(reader.join(path, "interfaces"))[\(index)]"))
        }
        var ips: [IPConfig] = []
        for (index, element) in try reader.array(members["ips"], reader.join(path, "ips")).enumerated() {
            ips.append(try reader.ipConfig(element, "\(reader.join(path, "ips"))[\(index)]"))
        }
        var routes: [Route] = []
        for (index, element) in try reader.array(members["routes"], reader.join(path, "routes")).enumerated() {
            routes.append(try reader.route(element, "\(reader.join(path, "routes"))[\(index)]"))
        }
        var dns = DNS()
        if let value = members["dns"], value != .null {
            dns = try DNS(decoding: value, at: reader.join(path, "dns"))
        }
        self.init(interfaces: interfaces, ips: ips, routes: routes, dns: dns)
    }

    /// The result in the layout of `cniVersion` (which is copied into it):
    /// below 1.0.0 ips carry "version"; the 1.1.0 members only from 1.1.0 on;
    /// empty interfaces, ips, routes and dns are left out. A version that does
    /// not parse gets the latest layout.
    public func json(cniVersion: String) -> JSONValue {
        let version = CNIVersion(parsing: cniVersion) ?? CNIVersion.v1_1_0
        if version.usesLegacyLayout { return legacyJSON(cniVersion: cniVersion) }
        let legacy = version < CNIVersion.v1_0_0
        let modern = version >= CNIVersion.v1_1_0
        var members: [String: JSONValue] = ["cniVersion": .string(cniVersion)]
        if !interfaces.isEmpty {
            members["interfaces"] = .array(interfaces.map { $0.json(withV11: modern) })
        }
        if !ips.isEmpty {
            members["ips"] = .array(ips.map { $0.json(withVersion: legacy) })
        }
        if !routes.isEmpty {
            members["routes"] = .array(routes.map { $0.json(withV11: modern) })
        }
        if !dns.isEmpty { members["dns"] = dns.json }
        return .object(members)
    }
}

extension CNIResult.Interface {
    func json(withV11: Bool) -> JSONValue {
        var members: [String: JSONValue] = ["name": .string(name)]
        if let mac { members["mac"] = .string(mac) }
        if let sandbox { members["sandbox"] = .string(sandbox) }
        if withV11 {
            if let mtu { members["mtu"] = .int(Int64(mtu)) }
            if let socketPath { members["socketPath"] = .string(socketPath) }
            if let pciID { members["pciID"] = .string(pciID) }
        }
        return .object(members)
    }
}

extension CNIResult.IPConfig {
    func json(withVersion: Bool) -> JSONValue {
        var members: [String: JSONValue] = ["address": .string(address.description)]
        if withVersion { members["version"] = .string(address.address.isV4 ? "4" : "6") }
        if let gateway { members["gateway"] = .string(gateway.description) }
        if let interface { members["interface"] = .int(Int64(interface)) }
        return .object(members)
    }
}

extension CNIResult.Route {
    func json(withV11: Bool) -> JSONValue {
        var members: [String: JSONValue] = ["dst": .string(destination.description)]
        if let gateway { members["gw"] = .string(gateway.description) }
        if withV11 {
            if let mtu { members["mtu"] = .int(Int64(mtu)) }
            if let advmss { members["advmss"] = .int(Int64(advmss)) }
            if let priority { members["priority"] = .int(Int64(priority)) }
            if let table { members["table"] = .int(Int64(table)) }
            if let scope { members["scope"] = .int(Int64(scope)) }
        }
        return .object(members)
    }
}

extension CNIResult.DNS {
    /// `{"nameservers", "domain", "search", "options"}`, empty members left out.
    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        if !nameservers.isEmpty { members["nameservers"] = .array(nameservers.map { .string($0) }) }
        if let domain { members["domain"] = .string(domain) }
        if !search.isEmpty { members["search"] = .array(search.map { .string($0) }) }
        if !options.isEmpty { members["options"] = .array(options.map { .string($0) }) }
        return .object(members)
    }

    /// The "dns" object of a result or a network configuration; errors are
    /// code 6 naming the member under `path` ("dns.nameservers[0]").
    public init(decoding json: JSONValue, at path: String) throws(CNIError) {
        let reader = ResultReader(root: path)
        let members = try reader.object(json, path)
        self.init(
            nameservers: try reader.strings(members["nameservers"], reader.join(path, "nameservers")),
            domain: try reader.optionalString(members["domain"], reader.join(path, "domain")),
            search: try reader.strings(members["search"], reader.join(path, "search")),
            options: try reader.strings(members["options"], reader.join(path, "options")))
    }
}

/// Typed reads of result members; every error is code 6 and names the member.
struct ResultReader {
    /// Where the result sits ("" for a document of its own).
    let root: String

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func place(_ path: String) -> String {
        if path.isEmpty { return "CNI result" }
        return root.isEmpty ? "CNI result member \(quoted(path))" : quoted(path)
    }

    func fail(_ path: String, _ problem: String) -> CNIError {
        .decodingFailure("invalid \(place(path)): \(problem)")
    }

    func describe(_ value: JSONValue) -> String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .null: return "null"
        default: return "\(value.typeName) \(value.jsonString)"
        }
    }

    func object(_ value: JSONValue, _ path: String) throws(CNIError) -> [String: JSONValue] {
        guard let members = value.objectValue else { throw fail(path, "expected an object, got \(describe(value))") }
        return members
    }

    /// An absent or null array reads as empty.
    func array(_ value: JSONValue?, _ path: String) throws(CNIError) -> [JSONValue] {
        guard let value, value != .null else { return [] }
        guard let elements = value.arrayValue else { throw fail(path, "expected an array, got \(describe(value))") }
        return elements
    }

    func string(_ value: JSONValue, _ path: String) throws(CNIError) -> String {
        guard let text = value.stringValue else { throw fail(path, "expected a string, got \(describe(value))") }
        return text
    }

    func optionalString(_ value: JSONValue?, _ path: String) throws(CNIError) -> String? {
        guard let value, value != .null else { return nil }
        return try string(value, path)
    }

    func strings(_ value: JSONValue?, _ path: String) throws(CNIError) -> [String] {
        var out: [String] = []
        for (index, element) in try array(value, path).enumerated() {
            out.append(try string(element, "\(path)[\(index)]"))
        }
        return out
    }

    func integer(_ value: JSONValue?, _ path: String, in range: ClosedRange<Int64>) throws(CNIError) -> Int64? {
        guard let value, value != .null else { return nil }
        guard let number = value.intValue else { throw fail(path, "expected an integer, got \(describe(value))") }
        guard range.contains(number) else {
            throw fail(path, "\(number) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func uint32(_ value: JSONValue?, _ path: String) throws(CNIError) -> UInt32? {
        try integer(value, path, in: 0...Int64(UInt32.max)).map { UInt32($0) }
    }

    func prefix(_ value: JSONValue, _ path: String) throws(CNIError) -> IPPrefix {
        let text = try string(value, path)
        guard let prefix = IPPrefix(text) else {
            throw fail(path, "\(quoted(text)) is not an IP address with a prefix length (like 10.1.2.3/24 or fd00::5/64)")
        }
        return prefix
    }

    func address(_ value: JSONValue?, _ path: String) throws(CNIError) -> IPAddress? {
        guard let text = try optionalString(value, path) else { return nil }
        guard let address = IPAddress(text) else {
            throw fail(path, "\(quoted(text)) is not an IP address (like 10.1.2.1 or fd00::1)")
        }
        return address
    }

    func required(_ members: [String: JSONValue], _ key: String, _ path: String) throws(CNIError) -> JSONValue {
        guard let value = members[key], value != .null else { throw fail(join(path, key), "missing") }
        return value
    }

    func interface(_ value: JSONValue, _ path: String) throws(CNIError) -> CNIResult.Interface {
        let members = try object(value, path)
        return CNIResult.Interface(
            name: try string(try required(members, "name", path), join(path, "name")),
            mac: try optionalString(members["mac"], join(path, "mac")),
            sandbox: try optionalString(members["sandbox"], join(path, "sandbox")),
            mtu: try uint32(members["mtu"], join(path, "mtu")),
            socketPath: try optionalString(members["socketPath"], join(path, "socketPath")),
            pciID: try optionalString(members["pciID"], join(path, "pciID")))
    }

    func ipConfig(_ value: JSONValue, _ path: String) throws(CNIError) -> CNIResult.IPConfig {
        let members = try object(value, path)
        let address = try prefix(try required(members, "address", path), join(path, "address"))
        if let version = try optionalString(members["version"], join(path, "version")) {
            guard version == "4" || version == "6" else {
                throw fail(join(path, "version"), "\(quoted(version)) is neither \"4\" nor \"6\"")
            }
            guard (version == "4") == address.address.isV4 else {
                throw fail(join(path, "version"), "\(quoted(version)) does not match the address \(address)")
            }
        }
        let interface = try integer(members["interface"], join(path, "interface"), in: 0...Int64(Int32.max))
        return CNIResult.IPConfig(
            address: address,
            gateway: try self.address(members["gateway"], join(path, "gateway")),
            interface: interface.map { Int($0) })
    }

    func route(_ value: JSONValue, _ path: String) throws(CNIError) -> CNIResult.Route {
        let members = try object(value, path)
        return CNIResult.Route(
            destination: try prefix(try required(members, "dst", path), join(path, "dst")),
            gateway: try address(members["gw"], join(path, "gw")),
            mtu: try uint32(members["mtu"], join(path, "mtu")),
            advmss: try uint32(members["advmss"], join(path, "advmss")),
            priority: try uint32(members["priority"], join(path, "priority")),
            table: try uint32(members["table"], join(path, "table")),
            scope: try integer(members["scope"], join(path, "scope"), in: 0...255).map { UInt8($0) })
    }
}
