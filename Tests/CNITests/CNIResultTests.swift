import CNI
import JSONValues
import Testing

@Suite struct CNIResultTests {
    /// A result as a host-local IPAM plugin and the bond plugin produce it.
    static let sample = CNIResult(
        interfaces: [
            CNIResult.Interface(name: "bond0", mac: "aa:bb:cc:dd:ee:ff", sandbox: "/var/run/netns/pod1", mtu: 9000)
        ],
        ips: [
            CNIResult.IPConfig(
                address: IPPrefix("10.56.217.5/24")!, gateway: IPAddress("10.56.217.1"), interface: 0),
            CNIResult.IPConfig(address: IPPrefix("fd00::5/64")!),
        ],
        routes: [
            CNIResult.Route(destination: IPPrefix("0.0.0.0/0")!, gateway: IPAddress("10.56.217.1")),
            CNIResult.Route(destination: IPPrefix("fd00:1::/48")!),
        ],
        dns: CNIResult.DNS(nameservers: ["10.56.217.53"], domain: "example.com", search: ["svc.local"], options: ["ndots:5"])
    )

    func decode(_ text: String) throws -> CNIResult {
        let value = try json(text)
        return try CNIResult(decoding: value)
    }

    func decodingError(_ text: String) throws -> CNIError {
        let value = try json(text)
        return try #require(failure { () throws(CNIError) in try CNIResult(decoding: value) })
    }

    // MARK: Decoding each version

    @Test func decodes031() throws {
        let result = try decode(
            #"""
            {"cniVersion":"0.3.1",
             "interfaces":[{"name":"bond0","mac":"aa:bb:cc:dd:ee:ff","sandbox":"/var/run/netns/pod1"}],
             "ips":[{"version":"4","address":"10.56.217.5/24","gateway":"10.56.217.1","interface":0},
                    {"version":"6","address":"fd00::5/64"}],
             "routes":[{"dst":"0.0.0.0/0","gw":"10.56.217.1"},{"dst":"fd00:1::/48"}],
             "dns":{"nameservers":["10.56.217.53"],"domain":"example.com","search":["svc.local"],"options":["ndots:5"]}}
            """#)
        var expected = Self.sample
        expected.interfaces[0].mtu = nil
        #expect(result == expected)
    }

    @Test func decodes040WithoutOptionalSections() throws {
        let result = try decode(#"{"cniVersion":"0.4.0","ips":[{"version":"4","address":"10.1.2.3/16"}]}"#)
        #expect(result.interfaces.isEmpty)
        #expect(result.routes.isEmpty)
        #expect(result.dns.isEmpty)
        #expect(result.ips == [CNIResult.IPConfig(address: IPPrefix("10.1.2.3/16")!)])
    }

    @Test func decodes100() throws {
        let result = try decode(
            #"""
            {"cniVersion":"1.0.0",
             "interfaces":[{"name":"bond0","mac":"aa:bb:cc:dd:ee:ff","sandbox":"/var/run/netns/pod1"}],
             "ips":[{"address":"10.56.217.5/24","gateway":"10.56.217.1","interface":0},{"address":"fd00::5/64"}],
             "routes":[{"dst":"0.0.0.0/0","gw":"10.56.217.1"},{"dst":"fd00:1::/48"}],
             "dns":{"nameservers":["10.56.217.53"],"domain":"example.com","search":["svc.local"],"options":["ndots:5"]}}
            """#)
        var expected = Self.sample
        expected.interfaces[0].mtu = nil
        #expect(result == expected)
    }

    @Test func decodes110() throws {
        let result = try decode(
            #"""
            {"cniVersion":"1.1.0",
             "interfaces":[{"name":"bond0","mac":"aa:bb:cc:dd:ee:ff","sandbox":"/var/run/netns/pod1","mtu":9000,
                            "socketPath":"/run/vhost.sock","pciID":"0000:3b:00.1"}],
             "ips":[{"address":"10.56.217.5/24","gateway":"10.56.217.1","interface":0}],
             "routes":[{"dst":"0.0.0.0/0","gw":"10.56.217.1","mtu":1400,"advmss":1360,"priority":100,"table":254,"scope":0}]}
            """#)
        let interface = try #require(result.interfaces.first)
        #expect(interface.mtu == 9000)
        #expect(interface.socketPath == "/run/vhost.sock")
        #expect(interface.pciID == "0000:3b:00.1")
        let route = try #require(result.routes.first)
        #expect(route.mtu == 1400)
        #expect(route.advmss == 1360)
        #expect(route.priority == 100)
        #expect(route.table == 254)
        #expect(route.scope == 0)
    }

    @Test func decodingIgnoresUnknownMembersAndNulls() throws {
        let result = try decode(
            #"{"cniVersion":"1.0.0","extra":{"x":1},"dns":null,"routes":null,"ips":[{"address":"10.0.0.2/8","gateway":null,"foo":1}]}"#)
        #expect(result == CNIResult(ips: [CNIResult.IPConfig(address: IPPrefix("10.0.0.2/8")!)]))
        // No cniVersion at all (a bare result): accepted.
        #expect(try decode("{}") == CNIResult())
    }

    // MARK: Decoding errors

    @Test(arguments: [
        (#"{"ips":[{"address":"10.0.0.2"}]}"#, "ips[0].address"),
        (#"{"ips":[{"address":"bogus/24"}]}"#, "ips[0].address"),
        (#"{"ips":[{}]}"#, "ips[0].address"),
        (#"{"ips":[{"address":5}]}"#, "ips[0].address"),
        (#"{"ips":[{"address":"10.0.0.2/8","gateway":"10.0.0"}]}"#, "ips[0].gateway"),
        (#"{"ips":[{"address":"10.0.0.2/8","interface":-1}]}"#, "ips[0].interface"),
        (#"{"ips":[{"address":"10.0.0.2/8","interface":"0"}]}"#, "ips[0].interface"),
        (#"{"ips":[{"address":"10.0.0.2/8","version":"6"}]}"#, "ips[0].version"),
        (#"{"ips":[{"address":"fd00::2/8","version":"4"}]}"#, "ips[0].version"),
        (#"{"ips":[{"address":"10.0.0.2/8","version":"5"}]}"#, "ips[0].version"),
        (#"{"ips":[{"address":"10.0.0.2/8","version":4}]}"#, "ips[0].version"),
        (#"{"ips":{"address":"10.0.0.2/8"}}"#, "ips"),
        (#"{"ips":["10.0.0.2/8"]}"#, "ips[0]"),
        (#"{"interfaces":[{"mac":"x"}]}"#, "interfaces[0].name"),
        (#"{"interfaces":[{"name":"a","mtu":-1}]}"#, "interfaces[0].mtu"),
        (#"{"interfaces":[{"name":"a","mtu":4294967296}]}"#, "interfaces[0].mtu"),
        (#"{"interfaces":[{"name":"a","sandbox":1}]}"#, "interfaces[0].sandbox"),
        (#"{"routes":[{"gw":"10.0.0.1"}]}"#, "routes[0].dst"),
        (#"{"routes":[{"dst":"0.0.0.0/0","gw":"x"}]}"#, "routes[0].gw"),
        (#"{"routes":[{"dst":"0.0.0.0/0","scope":256}]}"#, "routes[0].scope"),
        (#"{"routes":[{"dst":"0.0.0.0/0","table":1.5}]}"#, "routes[0].table"),
        (#"{"dns":{"nameservers":"10.0.0.1"}}"#, "dns.nameservers"),
        (#"{"dns":{"search":["a",1]}}"#, "dns.search[1]"),
        (#"{"dns":{"domain":["a"]}}"#, "dns.domain"),
        (#"{"dns":[]}"#, "dns"),
        (#"{"cniVersion":1}"#, "cniVersion"),
    ])
    func decodingErrorsNameTheField(text: String, field: String) throws {
        let error = try decodingError(text)
        #expect(error.code == 6)
        #expect(error.message.contains("\"\(field)\""), "\(error.message)")
    }

    @Test func decodingErrorMessage() throws {
        let error = try decodingError(#"{"ips":[{"address":"10.0.0.2"}]}"#)
        #expect(error.message == #"invalid CNI result member "ips[0].address": "10.0.0.2" is not an IP address with a prefix length (like 10.1.2.3/24 or fd00::5/64)"#)
    }

    @Test func notAnObject() throws {
        let error = try decodingError("[]")
        #expect(error.code == 6)
        #expect(error.message == "invalid CNI result: expected an object, got an array")
    }

    @Test func unsupportedResultVersion() throws {
        let error = try decodingError(#"{"cniVersion":"0.5.0","ips":[{"address":"10.0.0.2/8"}]}"#)
        #expect(error.code == 1)
        #expect(error.message.contains("cniVersion"))
        #expect(error.message.contains("0.5.0"))
    }

    @Test func nestedPathsArePrefixed() throws {
        let value = try json(#"{"ips":[{"address":"x"}]}"#)
        let error = try #require(failure { () throws(CNIError) in try CNIResult(decoding: value, at: "prevResult") })
        #expect(error.code == 6)
        #expect(error.message.hasPrefix(#"invalid "prevResult.ips[0].address": "#))
    }

    // MARK: Encoding

    @Test(arguments: ["0.3.0", "0.3.1", "0.4.0"])
    func encodesLegacyVersions(version: String) throws {
        let expected = try json(
            #"""
            {"cniVersion":"\#(version)",
             "interfaces":[{"name":"bond0","mac":"aa:bb:cc:dd:ee:ff","sandbox":"/var/run/netns/pod1"}],
             "ips":[{"version":"4","address":"10.56.217.5/24","gateway":"10.56.217.1","interface":0},
                    {"version":"6","address":"fd00::5/64"}],
             "routes":[{"dst":"0.0.0.0/0","gw":"10.56.217.1"},{"dst":"fd00:1::/48"}],
             "dns":{"nameservers":["10.56.217.53"],"domain":"example.com","search":["svc.local"],"options":["ndots:5"]}}
            """#)
        #expect(Self.sample.json(cniVersion: version) == expected)
    }

    /// 0.1.0 and 0.2.0: the first address of each family, routes filed by
    /// the family of their destination, no interfaces.
    @Test(arguments: ["0.1.0", "0.2.0"])
    func encodesPre030Layout(version: String) throws {
        var result = Self.sample
        result.ips.append(CNIResult.IPConfig(address: IPPrefix("10.56.218.5/24")!))
        let expected = try json(
            #"""
            {"cniVersion":"\#(version)",
             "ip4":{"ip":"10.56.217.5/24","gateway":"10.56.217.1","routes":[{"dst":"0.0.0.0/0","gw":"10.56.217.1"}]},
             "ip6":{"ip":"fd00::5/64","routes":[{"dst":"fd00:1::/48"}]},
             "dns":{"nameservers":["10.56.217.53"],"domain":"example.com","search":["svc.local"],"options":["ndots:5"]}}
            """#)
        #expect(result.json(cniVersion: version) == expected)
        #expect(CNIResult().json(cniVersion: version) == (try json(#"{"cniVersion":"\#(version)"}"#)))
    }

    @Test func decodes020() throws {
        let result = try decode(
            #"""
            {"cniVersion":"0.2.0",
             "ip4":{"ip":"10.56.217.5/24","gateway":"10.56.217.1","routes":[{"dst":"0.0.0.0/0","gw":"10.56.217.1"}]},
             "ip6":{"ip":"fd00::5/64","routes":[{"dst":"fd00:1::/48"}]},
             "dns":{"nameservers":["10.56.217.53"]}}
            """#)
        #expect(result.interfaces.isEmpty)
        #expect(result.ips == [
            CNIResult.IPConfig(address: IPPrefix("10.56.217.5/24")!, gateway: IPAddress("10.56.217.1")),
            CNIResult.IPConfig(address: IPPrefix("fd00::5/64")!),
        ])
        #expect(result.routes == Self.sample.routes)
        #expect(result.dns.nameservers == ["10.56.217.53"])
        // Without a cniVersion, "ip4"/"ip6" alone mark the old layout.
        #expect(try decode(#"{"ip4":{"ip":"10.0.0.2/8"}}"#).ips == [CNIResult.IPConfig(address: IPPrefix("10.0.0.2/8")!)])
    }

    @Test(arguments: [
        (#"{"cniVersion":"0.2.0","ip4":{"ip":"fd00::5/64"}}"#, #""ip4.ip""#),
        (#"{"cniVersion":"0.2.0","ip6":{"ip":"10.0.0.2/8"}}"#, #""ip6.ip""#),
        (#"{"cniVersion":"0.1.0","ip4":{}}"#, #""ip4.ip""#),
        (#"{"cniVersion":"0.2.0","ip4":[]}"#, #""ip4""#),
        (#"{"cniVersion":"0.2.0","ip4":{"ip":"10.0.0.2/8","routes":[{"gw":"10.0.0.1"}]}}"#, #""ip4.routes[0].dst""#),
    ])
    func invalid020(text: String, names: String) throws {
        let error = try decodingError(text)
        #expect(error.code == 6)
        #expect(error.message.contains(names), "\(error.message)")
    }

    @Test func encodes100() throws {
        let expected = try json(
            #"""
            {"cniVersion":"1.0.0",
             "interfaces":[{"name":"bond0","mac":"aa:bb:cc:dd:ee:ff","sandbox":"/var/run/netns/pod1"}],
             "ips":[{"address":"10.56.217.5/24","gateway":"10.56.217.1","interface":0},{"address":"fd00::5/64"}],
             "routes":[{"dst":"0.0.0.0/0","gw":"10.56.217.1"},{"dst":"fd00:1::/48"}],
             "dns":{"nameservers":["10.56.217.53"],"domain":"example.com","search":["svc.local"],"options":["ndots:5"]}}
            """#)
        #expect(Self.sample.json(cniVersion: "1.0.0") == expected)
    }

    @Test func encodes110WithMTUAndRouteAttributes() throws {
        var result = Self.sample
        result.routes[0].mtu = 1400
        result.routes[0].table = 100
        result.routes[0].scope = 253
        result.interfaces[0].socketPath = "/run/x.sock"
        let expected = try json(
            #"""
            {"cniVersion":"1.1.0",
             "interfaces":[{"name":"bond0","mac":"aa:bb:cc:dd:ee:ff","sandbox":"/var/run/netns/pod1","mtu":9000,"socketPath":"/run/x.sock"}],
             "ips":[{"address":"10.56.217.5/24","gateway":"10.56.217.1","interface":0},{"address":"fd00::5/64"}],
             "routes":[{"dst":"0.0.0.0/0","gw":"10.56.217.1","mtu":1400,"table":100,"scope":253},{"dst":"fd00:1::/48"}],
             "dns":{"nameservers":["10.56.217.53"],"domain":"example.com","search":["svc.local"],"options":["ndots:5"]}}
            """#)
        #expect(result.json(cniVersion: "1.1.0") == expected)
        // Older versions have none of the 1.1.0 members.
        let old = result.json(cniVersion: "1.0.0")
        #expect(old["interfaces"][0]["mtu"] == .null)
        #expect(old["interfaces"][0]["socketPath"] == .null)
        #expect(old["routes"][0]["mtu"] == .null)
        #expect(old["routes"][0]["table"] == .null)
    }

    @Test(arguments: CNIVersion.supported)
    func emptyResultHasOnlyTheVersion(version: String) throws {
        let expected = try json(#"{"cniVersion":"\#(version)"}"#)
        #expect(CNIResult().json(cniVersion: version) == expected)
    }

    @Test func emptyDNSMembersAreOmitted() throws {
        let result = CNIResult(dns: CNIResult.DNS(nameservers: ["1.1.1.1"]))
        let expected = try json(#"{"cniVersion":"1.0.0","dns":{"nameservers":["1.1.1.1"]}}"#)
        #expect(result.json(cniVersion: "1.0.0") == expected)
    }

    /// Every version from 0.3.0 on keeps what the bond reports (0.1.0 and
    /// 0.2.0 have no interfaces: encodesPre030Layout and decodes020).
    @Test(arguments: CNIVersion.supported.filter { $0 >= "0.3.0" })
    func roundTripsThroughEveryVersion(version: String) throws {
        let decoded = try CNIResult(decoding: Self.sample.json(cniVersion: version))
        var expected = Self.sample
        if version != "1.1.0" { expected.interfaces[0].mtu = nil }
        #expect(decoded == expected)
    }

    @Test func dnsJSON() throws {
        #expect(CNIResult.DNS().json == .emptyObject)
        #expect(CNIResult.DNS().isEmpty)
        #expect(!CNIResult.DNS(domain: "x").isEmpty)
        let dns = try CNIResult.DNS(decoding: json(#"{"nameservers":["a"],"options":["o"]}"#), at: "dns")
        #expect(dns == CNIResult.DNS(nameservers: ["a"], options: ["o"]))
    }
}
