/// A CNI result, independent of the spec version in memory; decoded from and
/// encoded to every supported version (see CNIResultCoding.swift).
public struct CNIResult: Equatable, Sendable {
    public struct Interface: Equatable, Sendable {
        public var name: String
        public var mac: String?
        public var sandbox: String?
        /// 1.1.0 and later.
        public var mtu: UInt32?
        /// 1.1.0 and later.
        public var socketPath: String?
        /// 1.1.0 and later.
        public var pciID: String?

        public init(
            name: String, mac: String? = nil, sandbox: String? = nil, mtu: UInt32? = nil,
            socketPath: String? = nil, pciID: String? = nil
        ) {
            self.name = name
            self.mac = mac
            self.sandbox = sandbox
            self.mtu = mtu
            self.socketPath = socketPath
            self.pciID = pciID
        }
    }

    public struct IPConfig: Equatable, Sendable {
        public var address: IPPrefix
        public var gateway: IPAddress?
        /// Index into `interfaces`.
        public var interface: Int?

        public init(address: IPPrefix, gateway: IPAddress? = nil, interface: Int? = nil) {
            self.address = address
            self.gateway = gateway
            self.interface = interface
        }
    }

    public struct Route: Equatable, Sendable {
        public var destination: IPPrefix
        public var gateway: IPAddress?
        /// 1.1.0 and later.
        public var mtu: UInt32?
        /// 1.1.0 and later.
        public var advmss: UInt32?
        /// 1.1.0 and later.
        public var priority: UInt32?
        /// 1.1.0 and later.
        public var table: UInt32?
        /// 1.1.0 and later.
        public var scope: UInt8?

        public init(
            destination: IPPrefix, gateway: IPAddress? = nil, mtu: UInt32? = nil, advmss: UInt32? = nil,
            priority: UInt32? = nil, table: UInt32? = nil, scope: UInt8? = nil
        ) {
            self.destination = destination
            self.gateway = gateway
            self.mtu = mtu
            self.advmss = advmss
            self.priority = priority
            self.table = table
            self.scope = scope
        }
    }

    public struct DNS: Equatable, Sendable {
        public var nameservers: [String]
        public var domain: String?
        public var search: [String]
        public var options: [String]

        public init(nameservers: [String] = [], domain: String? = nil, search: [String] = [], options: [String] = []) {
            self.nameservers = nameservers
            self.domain = domain
            self.search = search
            self.options = options
        }

        public var isEmpty: Bool { nameservers.isEmpty && domain == nil && search.isEmpty && options.isEmpty }
    }

    public var interfaces: [Interface]
    public var ips: [IPConfig]
    public var routes: [Route]
    public var dns: DNS

    public init(interfaces: [Interface] = [], ips: [IPConfig] = [], routes: [Route] = [], dns: DNS = DNS()) {
        self.interfaces = interfaces
        self.ips = ips
        self.routes = routes
        self.dns = dns
    }
}
