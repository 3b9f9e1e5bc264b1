public import JSONValues

// The result layout of CNI 0.1.0 and 0.2.0: at most one address per family,
// each with its own routes, and no interfaces:
//   {"cniVersion": "0.2.0", "ip4": {"ip": "10.1.2.3/24", "gateway": "10.1.2.1",
//    "routes": [{"dst": "0.0.0.0/0"}]}, "ip6": {...}, "dns": {...}}
// Converting a newer result down keeps the first address of each family and
// files every route under the family of its destination, as libcni does.

extension CNIVersion {
    static let v0_3_0 = CNIVersion(major: 0, minor: 3, patch: 0)

    /// 0.1.0 and 0.2.0 carry "ip4"/"ip6" instead of "interfaces"/"ips".
    var usesLegacyLayout: Bool { self < Self.v0_3_0 }
}

extension CNIResult {
    /// The "ip4" and "ip6" members of a 0.1.0/0.2.0 result, read into
    /// `ips` and `routes`; errors are code 6 naming the member.
    init(decodingLegacy members: [String: JSONValue], at path: String, reader: ResultReader) throws(CNIError) {
        var ips: [IPConfig] = []
        var routes: [Route] = []
        for (key, wantsV4) in [("ip4", true), ("ip6", false)] {
            guard let value = members[key], value != .null else { continue }
            let place = reader.join(path, key)
            let config = try reader.object(value, place)
            let address = try reader.prefix(try reader.required(config, "ip", place), reader.join(place, "ip"))
            guard address.address.isV4 == wantsV4 else {
                throw reader.fail(reader.join(place, "ip"), "\(address) is not an IPv\(wantsV4 ? 4 : 6) address")
            }
            ips.append(IPConfig(address: address, gateway: try reader.address(config["gateway"], reader.join(place, "gateway"))))
            for (index, element) in try reader.array(config["routes"], reader.join(place, "routes")).enumerated() {
                routes.append(try reader.route(element, "\(reader.join(place, "routes"))[\(index)]"))
            }
        }
        var dns = DNS()
        if let value = members["dns"], value != .null {
            dns = try DNS(decoding: value, at: reader.join(path, "dns"))
        }
        self.init(interfaces: [], ips: ips, routes: routes, dns: dns)
    }

    /// The 0.1.0/0.2.0 layout of this result, `cniVersion` copied in.
    func legacyJSON(cniVersion: String) -> JSONValue {
        var members: [String: JSONValue] = ["cniVersion": .string(cniVersion)]
        for (key, wantsV4) in [("ip4", true), ("ip6", false)] {
            guard let ip = ips.first(where: { $0.address.address.isV4 == wantsV4 }) else { continue }
            var config: [String: JSONValue] = ["ip": .string(ip.address.description)]
            if let gateway = ip.gateway { config["gateway"] = .string(gateway.description) }
            let familyRoutes = routes.filter { $0.destination.address.isV4 == wantsV4 }
            if !familyRoutes.isEmpty { config["routes"] = .array(familyRoutes.map { $0.json(withV11: false) }) }
            members[key] = .object(config)
        }
        if !dns.isEmpty { members["dns"] = dns.json }
        return .object(members)
    }
}
