public import CNI
public import JSONValues
public import LinkConstants

/// The network configuration on stdin, compatible with Bond CNI
/// (k8snetworkplumbingwg/bond-cni): the same member names, "miimon" as a
/// string or an integer, "links" as objects with a "name".
public struct BondNetworkConfig: Equatable, Sendable {
    /// Required, a supported version.
    public var cniVersion: String
    /// Required, non-empty.
    public var name: String
    /// Always "bond".
    public var type: String
    /// Default active-backup.
    public var mode: BondMode
    /// Link monitoring interval in ms; default 100, or 0 when ARP monitoring is on.
    public var miimon: UInt32
    /// Default 1500; 68...65535.
    public var mtu: UInt32
    /// 0 none, 1 active, 2 follow; default 0.
    public var failOverMac: UInt8
    /// Whether the links are in the container's namespace already (else the host's).
    public var linksInContainer: Bool
    /// At least two distinct interface names.
    public var links: [String]
    /// The IPAM plugin to run, nil without one.
    public var ipamType: String?
    public var allSlavesActive: UInt8?
    public var xmitHashPolicy: XmitHashPolicy?
    public var tlbDynamicLb: UInt8?
    /// ARP monitoring interval in ms.
    public var arpInterval: UInt32?
    /// "arpIpTarget": IPv4 addresses, 1...16 when ARP monitoring is on.
    public var arpIPTargets: [IPAddress]
    public var lacpRate: LACPRate?
    /// One of `links`.
    public var primary: String?
    public var updelay: UInt32?
    public var downdelay: UInt32?
    /// "dns": used when IPAM returns none.
    public var dns: CNIResult.DNS?
    /// "prevResult" (CHECK, DEL, and chained ADD).
    public var prevResult: CNIResult?
    /// The whole document as received.
    public var raw: JSONValue

    /// The bonding modes a member applies to, as the kernel enforces them
    /// (bond_options.c `unsuppmodes`) or as the member is meaningful.
    static let hashModes: [BondMode] = [.balanceXOR, .ieee8023AD, .balanceTLB, .balanceALB]
    static let tlbModes: [BondMode] = [.balanceTLB, .balanceALB]
    static let primaryModes: [BondMode] = [.activeBackup, .balanceTLB, .balanceALB]
    static let arpModes: [BondMode] = [.balanceRR, .activeBackup, .balanceXOR, .broadcast]
    /// The kernel's BOND_MAX_ARP_TARGETS.
    public static let maximumARPTargets = 16

    /// Parses the bytes of stdin. Undecodable JSON (or not an object) is
    /// error 6; everything else as `init(json:)`.
    public init(decoding bytes: [UInt8]) throws(CNIError) {
        let json: JSONValue
        do throws(JSONDecodingError) {
            json = try JSONValue.decode(bytes)
        } catch {
            throw .decodingFailure("failed to decode network configuration: \(error.description)")
        }
        try self.init(json: json)
    }

    /// Validates a decoded document. A missing, malformed or unsupported
    /// "cniVersion" is error 1; any other missing, mistyped or invalid member
    /// is error 7 naming the member (`invalid "links[1].name": ...`); a
    /// document that is not an object is error 6. Unknown members are ignored:
    /// runtimes add their own (runtimeConfig, args, ...).
    public init(json: JSONValue) throws(CNIError) {
        guard let members = json.objectValue else {
            throw .decodingFailure(
                "failed to decode network configuration: expected a JSON object, got \(describe(json))")
        }
        let fields = FieldReader(members: members)
        raw = json

        let supported = CNIVersion.supported.joined(separator: ", ")
        guard let versionValue = fields["cniVersion"] else {
            throw .incompatibleVersion("missing \"cniVersion\": the network configuration must name its CNI version, one of \(supported)")
        }
        guard let version = versionValue.stringValue else {
            throw .incompatibleVersion("invalid \"cniVersion\": expected a string, got \(describe(versionValue)); use one of \(supported)")
        }
        do throws(CNIError) {
            _ = try CNIVersion(version)
        } catch {
            throw .incompatibleVersion("invalid \"cniVersion\": \(error.message)")
        }
        cniVersion = version

        guard let typeValue = fields["type"] else { throw missing("type", "this plugin's configuration has \"type\": \"bond\"") }
        type = try readString(typeValue, "type")
        guard type == "bond" else { throw invalid("type", "\(quoted(type)) is not this plugin; expected \"bond\"") }

        guard let nameValue = fields["name"] else { throw missing("name", "the network needs a name") }
        name = try readString(nameValue, "name")
        if name.isEmpty { throw invalid("name", "the network name must not be empty") }

        // "ifname" is not read: the CNI spec makes CNI_IFNAME the interface's
        // name and runtimes rely on it (Bond CNI dropped its override, #32).
        mode = try fields["mode"].map { (value) throws(CNIError) in try readEnum(value, "mode", what: "a bonding mode") }
            ?? .activeBackup
        mtu = try fields["mtu"].map { (value) throws(CNIError) in UInt32(try readInteger(value, "mtu", in: 68...65535)) }
            ?? 1500
        failOverMac = try fields["failOverMac"].map(Self.readFailOverMac) ?? 0
        linksInContainer = try fields["linksInContainer"].map { (value) throws(CNIError) in try readBool(value, "linksInContainer") }
            ?? false
        links = try Self.readLinks(fields["links"])
        ipamType = try Self.readIPAMType(fields["ipam"])

        allSlavesActive = try fields["allSlavesActive"].map { (value) throws(CNIError) in try readSwitch(value, "allSlavesActive") }
        xmitHashPolicy = try fields["xmitHashPolicy"].map { (value) throws(CNIError) in
            try readEnum(value, "xmitHashPolicy", what: "a transmit hash policy")
        }
        tlbDynamicLb = try fields["tlbDynamicLb"].map { (value) throws(CNIError) in try readSwitch(value, "tlbDynamicLb") }
        lacpRate = try fields["lacpRate"].map(Self.readLACPRate)
        primary = try fields["primary"].map { (value) throws(CNIError) in try readString(value, "primary") }
        arpInterval = try fields["arpInterval"].map { (value) throws(CNIError) in try readMilliseconds(value, "arpInterval") }
        arpIPTargets = try Self.readARPTargets(fields["arpIpTarget"])
        let explicitMiimon = try fields["miimon"].map { (value) throws(CNIError) in try readMilliseconds(value, "miimon") }
        updelay = try fields["updelay"].map { (value) throws(CNIError) in try readMilliseconds(value, "updelay") }
        downdelay = try fields["downdelay"].map { (value) throws(CNIError) in try readMilliseconds(value, "downdelay") }
        let arpOn = (arpInterval ?? 0) > 0
        miimon = explicitMiimon ?? (arpOn ? 0 : 100)

        do throws(CNIError) {
            dns = try fields["dns"].map { (value) throws(CNIError) in try CNIResult.DNS(decoding: value, at: "dns") }
            prevResult = try fields["prevResult"].map { (value) throws(CNIError) in
                try CNIResult(decoding: value, at: "prevResult")
            }
        } catch {
            // A decoding problem inside the configuration is a bad configuration.
            throw error.code == 6 ? .invalidNetworkConfig(error.message, details: error.details) : error
        }

        try validateModeDependentMembers(explicitMiimon: explicitMiimon)
    }

    /// The rules between members: which mode each applies to, and the two
    /// link monitors (MII and ARP) excluding each other.
    func validateModeDependentMembers(explicitMiimon: UInt32?) throws(CNIError) {
        func modes(_ list: [BondMode]) -> String {
            let names = list.map(\.rawValue)
            return names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        }
        if xmitHashPolicy != nil, !Self.hashModes.contains(mode) {
            throw invalid("xmitHashPolicy", "applies only to modes \(modes(Self.hashModes)), not \(mode.rawValue)")
        }
        if tlbDynamicLb != nil, !Self.tlbModes.contains(mode) {
            throw invalid("tlbDynamicLb", "applies only to modes \(modes(Self.tlbModes)), not \(mode.rawValue)")
        }
        if lacpRate != nil, mode != .ieee8023AD {
            throw invalid("lacpRate", "applies only to mode 802.3ad, not \(mode.rawValue)")
        }
        if let primary {
            guard Self.primaryModes.contains(mode) else {
                throw invalid("primary", "applies only to modes \(modes(Self.primaryModes)), not \(mode.rawValue)")
            }
            guard links.contains(primary) else {
                throw invalid("primary", "\(quoted(primary)) is not one of the links (\(links.joined(separator: ", ")))")
            }
        }

        let arpInterval = arpInterval ?? 0
        if arpInterval > 0 {
            guard Self.arpModes.contains(mode) else {
                throw invalid("arpInterval", "ARP monitoring does not work in mode \(mode.rawValue); it applies to \(modes(Self.arpModes)); use \"miimon\" instead")
            }
            if let explicitMiimon, explicitMiimon > 0 {
                throw invalid("arpInterval", "cannot be used together with \"miimon\" \(explicitMiimon); choose one link monitor (set \"miimon\" to 0 or leave it out)")
            }
            if arpIPTargets.isEmpty {
                throw missing("arpIpTarget", "ARP monitoring (\"arpInterval\" \(arpInterval)) needs at least one IPv4 target, e.g. \"arpIpTarget\": [\"10.0.0.1\"]")
            }
        } else if !arpIPTargets.isEmpty {
            throw invalid("arpIpTarget", "is only used by ARP monitoring; set \"arpInterval\" to a positive number of milliseconds")
        }

        for (field, delay) in [("updelay", updelay), ("downdelay", downdelay)] {
            guard let delay, delay > 0 else { continue }
            guard miimon > 0 else {
                throw invalid(field, "\(delay) needs MII monitoring; set \"miimon\" to a positive interval")
            }
            guard delay % miimon == 0 else {
                throw invalid(field, "\(delay) is not a multiple of \"miimon\" \(miimon)")
            }
        }
    }

    static func readFailOverMac(_ value: JSONValue) throws(CNIError) -> UInt8 {
        let names = ["none", "active", "follow"]
        if let text = value.stringValue {
            guard let index = names.firstIndex(of: text) else {
                throw invalid("failOverMac", "\(quoted(text)) is not allowed; use 0 (none), 1 (active) or 2 (follow)")
            }
            return UInt8(index)
        }
        guard let number = value.intValue else {
            throw invalid("failOverMac", "expected 0, 1 or 2, got \(describe(value))")
        }
        guard (0...2).contains(number) else {
            throw invalid("failOverMac", "\(number) is not allowed; use 0 (none), 1 (active) or 2 (follow)")
        }
        return UInt8(number)
    }

    static func readLACPRate(_ value: JSONValue) throws(CNIError) -> LACPRate {
        if let number = value.intValue {
            guard number == 0 || number == 1 else {
                throw invalid("lacpRate", "\(number) is not allowed; use \"slow\" (0) or \"fast\" (1)")
            }
            return number == 0 ? .slow : .fast
        }
        guard let text = value.stringValue else {
            throw invalid("lacpRate", "expected \"slow\" or \"fast\", got \(describe(value))")
        }
        guard let rate = LACPRate(rawValue: text) else {
            throw invalid("lacpRate", "\(quoted(text)) is not allowed; use \"slow\" or \"fast\"")
        }
        return rate
    }

    static func readLinks(_ value: JSONValue?) throws(CNIError) -> [String] {
        let example = "list the bond's links, e.g. \"links\": [{\"name\": \"net1\"}, {\"name\": \"net2\"}]"
        guard let value else { throw missing("links", example) }
        guard let elements = value.arrayValue else {
            throw invalid("links", "expected an array of objects with a \"name\", got \(describe(value))")
        }
        guard elements.count >= 2 else {
            throw invalid("links", "a bond needs at least 2 links, got \(elements.count); \(example)")
        }
        var names: [String] = []
        for (index, element) in elements.enumerated() {
            let field = "links[\(index)]"
            guard let members = element.objectValue else {
                throw invalid(field, "expected an object like {\"name\": \"net1\"}, got \(describe(element))")
            }
            guard let nameValue = members["name"], nameValue != .null else {
                throw missing("\(field).name", "each link names an interface, like {\"name\": \"net1\"}")
            }
            let name = try readInterfaceName(nameValue, "\(field).name")
            if let earlier = names.firstIndex(of: name) {
                throw invalid("\(field).name", "\(quoted(name)) is already links[\(earlier)]; each link can be enslaved once")
            }
            names.append(name)
        }
        return names
    }

    static func readIPAMType(_ value: JSONValue?) throws(CNIError) -> String? {
        guard let value else { return nil }
        guard let members = value.objectValue else {
            throw invalid("ipam", "expected an object like {\"type\": \"host-local\", ...}, got \(describe(value))")
        }
        // "ipam": {} (or an empty type) means no IPAM, as in the reference plugins.
        guard let typeValue = members["type"], typeValue != .null else { return nil }
        let type = try readString(typeValue, "ipam.type")
        if type.isEmpty { return nil }
        if type == "bond" {
            throw invalid("ipam.type", "\"bond\" is this plugin, not an IPAM plugin; use e.g. \"host-local\", \"static\" or \"dhcp\"")
        }
        if type.contains("/") || type == "." || type == ".." {
            throw invalid("ipam.type", "\(quoted(type)) is not a plugin name; it is looked up in CNI_PATH, so it cannot contain '/'")
        }
        return type
    }

    /// "a,b" or ["a", "b"]: distinct IPv4 addresses, at most 16, not 0.x.x.x
    /// or 255.255.255.255 (the kernel refuses those).
    static func readARPTargets(_ value: JSONValue?) throws(CNIError) -> [IPAddress] {
        guard let value else { return [] }
        var texts: [String] = []
        if let text = value.stringValue {
            // Bond CNI and sysfs style: "10.0.0.1,10.0.0.2" (spaces around commas tolerated).
            texts = text.isEmpty
                ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) }
        } else if let elements = value.arrayValue {
            for (index, element) in elements.enumerated() {
                texts.append(try readString(element, "arpIpTarget[\(index)]"))
            }
        } else {
            throw invalid("arpIpTarget", "expected IPv4 addresses as an array of strings or one comma-separated string, got \(describe(value))")
        }
        guard texts.count <= maximumARPTargets else {
            throw invalid("arpIpTarget", "\(texts.count) targets; the kernel allows at most \(maximumARPTargets)")
        }
        var targets: [IPAddress] = []
        for (index, text) in texts.enumerated() {
            let field = "arpIpTarget[\(index)]"
            guard let address = IPAddress(text) else {
                throw invalid(field, "\(quoted(text)) is not an IPv4 address")
            }
            guard address.isV4 else {
                throw invalid(field, "\(quoted(text)) is IPv6; ARP targets are IPv4 addresses")
            }
            let bytes = address.bytes
            if bytes[0] == 0 || bytes == [255, 255, 255, 255] {
                throw invalid(field, "\(address) cannot be an ARP target (0.x.x.x and 255.255.255.255 are refused)")
            }
            if let earlier = targets.firstIndex(of: address) {
                throw invalid(field, "\(address) is already arpIpTarget[\(earlier)]")
            }
            targets.append(address)
        }
        return targets
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
