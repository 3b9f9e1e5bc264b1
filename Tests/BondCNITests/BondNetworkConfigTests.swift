import LinkConstants
import BondCNI
import CNI
import JSONValues
import Testing

@Suite struct BondNetworkConfigTests {
    // MARK: The Bond CNI example and defaults

    @Test func bondCNIExampleParses() throws {
        let bytes = Array(baseConfig.utf8)
        let config = try BondNetworkConfig(decoding: bytes)
        #expect(config.cniVersion == "0.3.1")
        #expect(config.name == "bond-net1")
        #expect(config.type == "bond")
        #expect(config.mode == .activeBackup)
        #expect(config.failOverMac == 1)
        #expect(config.linksInContainer)
        #expect(config.miimon == 100)
        #expect(config.mtu == 1500)
        #expect(config.links == ["net1", "net2"])
        #expect(config.ipamType == "host-local")
        #expect(config.allSlavesActive == nil)
        #expect(config.xmitHashPolicy == nil)
        #expect(config.tlbDynamicLb == nil)
        #expect(config.arpInterval == nil)
        #expect(config.arpIPTargets.isEmpty)
        #expect(config.lacpRate == nil)
        #expect(config.primary == nil)
        #expect(config.updelay == nil)
        #expect(config.downdelay == nil)
        #expect(config.dns == nil)
        #expect(config.prevResult == nil)
        #expect(try config.raw == JSONValue.decode(baseConfig))
    }

    @Test func defaults() throws {
        let text = #"{"cniVersion":"1.0.0","name":"n","type":"bond","links":[{"name":"a"},{"name":"b"}]}"#
        let config = try BondNetworkConfig(decoding: Array(text.utf8))
        #expect(config.mode == .activeBackup)
        #expect(config.miimon == 100)
        #expect(config.mtu == 1500)
        #expect(config.failOverMac == 0)
        #expect(!config.linksInContainer)
        #expect(config.ipamType == nil)
        #expect(config.arpIPTargets.isEmpty)
    }

    @Test func nullMembersCountAsAbsent() throws {
        let config = try parse(#"{"mode":null,"miimon":null,"mtu":null,"ipam":null,"dns":null,"failOverMac":null}"#)
        #expect(config.mode == .activeBackup)
        #expect(config.miimon == 100)
        #expect(config.mtu == 1500)
        #expect(config.ipamType == nil)
        #expect(config.failOverMac == 0)
    }

    @Test func unknownMembersAreIgnored() throws {
        let config = try parse(
            #"{"runtimeConfig":{"mac":"x"},"args":{"cni":{"a":1}},"capabilities":{"ips":true},"vlan":12}"#)
        #expect(config.links == ["net1", "net2"])
        #expect(config.raw["runtimeConfig"]["mac"] == "x")
    }

    // MARK: Document-level errors

    @Test(arguments: ["", "{", "not json", "{\"a\":}", "{\"cniVersion\" \"1.0.0\"}", "{\"a\":1}}"])
    func undecodableJSON(text: String) throws {
        let error = try #require(failure { () throws(CNIError) in try BondNetworkConfig(decoding: Array(text.utf8)) })
        #expect(error.code == 6)
        #expect(error.message.hasPrefix("failed to decode network configuration: "))
    }

    @Test(arguments: ["[]", "1", "\"bond\"", "null"])
    func notAnObject(text: String) throws {
        let error = try #require(failure { () throws(CNIError) in try BondNetworkConfig(decoding: Array(text.utf8)) })
        #expect(error.code == 6)
        #expect(error.message.contains("expected a JSON object"))
    }

    // MARK: cniVersion, type, name, ifname

    @Test(arguments: CNIVersion.supported)
    func everySupportedVersion(version: String) throws {
        #expect(try parse(#"{"cniVersion":"\#(version)"}"#).cniVersion == version)
    }

    @Test(arguments: [#"{"cniVersion":null}"#, #"{"cniVersion":1}"#, #"{"cniVersion":"0.5.0"}"#,
                      #"{"cniVersion":"2.0.0"}"#, #"{"cniVersion":"one"}"#, #"{"cniVersion":""}"#])
    func badVersionIsIncompatible(changes: String) throws {
        let error = try parseError(changes)
        #expect(error.code == 1)
        #expect(error.message.contains("\"cniVersion\""))
        #expect(error.message.contains("1.1.0"))
    }

    @Test func unsupportedVersionMessage() throws {
        let error = try parseError(#"{"cniVersion":"0.5.0"}"#)
        #expect(error.message == #"invalid "cniVersion": unsupported CNI version "0.5.0"; this plugin supports 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0"#)
    }

    @Test(arguments: [
        (#"{"type":null}"#, "type"), (#"{"type":"bridge"}"#, "type"), (#"{"type":1}"#, "type"),
        (#"{"type":"Bond"}"#, "type"),
        (#"{"name":null}"#, "name"), (#"{"name":""}"#, "name"), (#"{"name":["x"]}"#, "name"),
    ])
    func invalidIdentity(changes: String, field: String) throws {
        try expectInvalid(changes, field: field)
    }

    @Test func typeMessage() throws {
        #expect(try parseError(#"{"type":"bridge"}"#).message == #"invalid "type": "bridge" is not this plugin; expected "bond""#)
        #expect(try parseError(#"{"type":null}"#).message.hasPrefix(#"missing "type""#))
    }

    /// The CNI spec makes CNI_IFNAME the interface's name; "ifname" (Bond
    /// CNI's old override, which it dropped) is an unknown member, whatever it holds.
    @Test func ifnameIsIgnored() throws {
        let plain = try parse("{}")
        for ifname in [#""bond1""#, #""a/b""#, #""net2""#, "3"] {
            var config = try parse(#"{"ifname":"# + ifname + "}")
            config.raw = plain.raw
            #expect(config == plain)
        }
    }

    // MARK: mode, miimon, mtu, failOverMac, linksInContainer

    @Test(arguments: BondMode.allCases)
    func everyMode(mode: BondMode) throws {
        #expect(try parse(#"{"mode":"\#(mode.rawValue)"}"#).mode == mode)
    }

    @Test(arguments: [#"{"mode":"active_backup"}"#, #"{"mode":"ACTIVE-BACKUP"}"#, #"{"mode":1}"#, #"{"mode":""}"#])
    func badMode(changes: String) throws {
        try expectInvalid(changes, field: "mode")
    }

    @Test func badModeListsTheModes() throws {
        let error = try parseError(#"{"mode":"lacp"}"#)
        #expect(error.message == #"invalid "mode": "lacp" is not a bonding mode; use one of balance-rr, active-backup, balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb"#)
    }

    @Test(arguments: [
        (#"{"miimon":"100"}"#, UInt32(100)), (#"{"miimon":100}"#, 100), (#"{"miimon":"0"}"#, 0), (#"{"miimon":0}"#, 0),
        (#"{"miimon":"250"}"#, 250), (#"{"miimon":250.0}"#, 250), (#"{"miimon":"0100"}"#, 100),
        (#"{"miimon":2147483647}"#, 2_147_483_647), (#"{"miimon":null}"#, 100),
    ])
    func miimonAsStringOrNumber(changes: String, expected: UInt32) throws {
        #expect(try parse(changes).miimon == expected)
    }

    @Test(arguments: [
        #"{"miimon":"abc"}"#, #"{"miimon":""}"#, #"{"miimon":"-1"}"#, #"{"miimon":-1}"#, #"{"miimon":"1.5"}"#,
        #"{"miimon":1.5}"#, #"{"miimon":true}"#, #"{"miimon":"2147483648"}"#, #"{"miimon":2147483648}"#,
        #"{"miimon":"+5"}"#, #"{"miimon":" 100"}"#, #"{"miimon":[100]}"#, #"{"miimon":"99999999999999999999"}"#,
    ])
    func badMiimon(changes: String) throws {
        try expectInvalid(changes, field: "miimon")
    }

    @Test func miimonMessage() throws {
        let error = try parseError(#"{"miimon":"abc"}"#)
        #expect(error.message == #"invalid "miimon": "abc" is not a number of milliseconds; use digits only, like "100""#)
        let range = try parseError(#"{"miimon":-5}"#)
        #expect(range.message == #"invalid "miimon": -5 is out of range; allowed: 0...2147483647 milliseconds"#)
    }

    @Test(arguments: [(#"{"mtu":68}"#, UInt32(68)), (#"{"mtu":9000}"#, 9000), (#"{"mtu":65535}"#, 65535)])
    func mtu(changes: String, expected: UInt32) throws {
        #expect(try parse(changes).mtu == expected)
    }

    @Test(arguments: [#"{"mtu":67}"#, #"{"mtu":65536}"#, #"{"mtu":0}"#, #"{"mtu":-1}"#, #"{"mtu":"1500"}"#,
                      #"{"mtu":1500.5}"#, #"{"mtu":false}"#])
    func badMTU(changes: String) throws {
        try expectInvalid(changes, field: "mtu")
    }

    @Test func mtuMessage() throws {
        #expect(try parseError(#"{"mtu":"1500"}"#).message == #"invalid "mtu": expected an integer, got string "1500""#)
        #expect(try parseError(#"{"mtu":67}"#).message == #"invalid "mtu": 67 is out of range; allowed: 68...65535"#)
    }

    @Test(arguments: [
        (#"{"failOverMac":0}"#, UInt8(0)), (#"{"failOverMac":1}"#, 1), (#"{"failOverMac":2}"#, 2),
        (#"{"failOverMac":"none"}"#, 0), (#"{"failOverMac":"active"}"#, 1), (#"{"failOverMac":"follow"}"#, 2),
    ])
    func failOverMac(changes: String, expected: UInt8) throws {
        #expect(try parse(changes).failOverMac == expected)
    }

    @Test(arguments: [#"{"failOverMac":3}"#, #"{"failOverMac":-1}"#, #"{"failOverMac":"1"}"#,
                      #"{"failOverMac":"fast"}"#, #"{"failOverMac":true}"#])
    func badFailOverMac(changes: String) throws {
        try expectInvalid(changes, field: "failOverMac")
    }

    @Test func linksInContainer() throws {
        #expect(try !parse(#"{"linksInContainer":false}"#).linksInContainer)
        #expect(try parse(#"{"linksInContainer":true}"#).linksInContainer)
        try expectInvalid(#"{"linksInContainer":"true"}"#, field: "linksInContainer")
        try expectInvalid(#"{"linksInContainer":1}"#, field: "linksInContainer")
    }

    // MARK: links

    @Test func threeLinks() throws {
        let config = try parse(#"{"links":[{"name":"ens1f0"},{"name":"ens1f1"},{"name":"ens2f0","extra":1}]}"#)
        #expect(config.links == ["ens1f0", "ens1f1", "ens2f0"])
    }

    @Test(arguments: [
        (#"{"links":null}"#, "links"), (#"{"links":{"name":"a"}}"#, "links"), (#"{"links":"net1,net2"}"#, "links"),
        (#"{"links":[]}"#, "links"), (#"{"links":[{"name":"net1"}]}"#, "links"),
        (#"{"links":["net1","net2"]}"#, "links[0]"), (#"{"links":[{"name":"net1"},{}]}"#, "links[1].name"),
        (#"{"links":[{"name":"net1"},{"name":null}]}"#, "links[1].name"),
        (#"{"links":[{"name":"net1"},{"name":2}]}"#, "links[1].name"),
        (#"{"links":[{"name":"net1"},{"name":""}]}"#, "links[1].name"),
        (#"{"links":[{"name":"net1"},{"name":"a/b"}]}"#, "links[1].name"),
        (#"{"links":[{"name":"net1"},{"name":"a:b"}]}"#, "links[1].name"),
        (#"{"links":[{"name":"net1"},{"name":"a b"}]}"#, "links[1].name"),
        (#"{"links":[{"name":"net1"},{"name":".."}]}"#, "links[1].name"),
        (#"{"links":[{"name":"net1"},{"name":"abcdefghijklmnop"}]}"#, "links[1].name"),
        (#"{"links":[{"name":"net1"},{"name":"net1"}]}"#, "links[1].name"),
        (#"{"links":[{"name":"a"},{"name":"b"},{"name":"a"}]}"#, "links[2].name"),
    ])
    func badLinks(changes: String, field: String) throws {
        try expectInvalid(changes, field: field)
    }

    @Test func linksMessages() throws {
        #expect(try parseError(#"{"links":null}"#).message.hasPrefix(#"missing "links": "#))
        #expect(try parseError(#"{"links":[{"name":"net1"}]}"#).message.contains("at least 2 links, got 1"))
        let duplicate = try parseError(#"{"links":[{"name":"net1"},{"name":"net1"}]}"#)
        #expect(duplicate.message == #"invalid "links[1].name": "net1" is already links[0]; each link can be enslaved once"#)
        let long = try parseError(#"{"links":[{"name":"net1"},{"name":"abcdefghijklmnop"}]}"#)
        #expect(long.message == #"invalid "links[1].name": "abcdefghijklmnop" is 16 bytes long; interface names have at most 15"#)
    }

    // MARK: ipam

    @Test(arguments: [
        (#"{"ipam":null}"#, String?.none), (#"{"ipam":{}}"#, nil), (#"{"ipam":{"type":""}}"#, nil),
        (#"{"ipam":{"type":"dhcp"}}"#, "dhcp"), (#"{"ipam":{"type":"static","addresses":[]}}"#, "static"),
        (#"{"ipam":{"type":"whereabouts"}}"#, "whereabouts"),
    ])
    func ipamType(changes: String, expected: String?) throws {
        #expect(try parse(changes).ipamType == expected)
    }

    @Test(arguments: [
        (#"{"ipam":"host-local"}"#, "ipam"), (#"{"ipam":[]}"#, "ipam"), (#"{"ipam":{"type":5}}"#, "ipam.type"),
        (#"{"ipam":{"type":"bond"}}"#, "ipam.type"), (#"{"ipam":{"type":"../bin/x"}}"#, "ipam.type"),
        (#"{"ipam":{"type":".."}}"#, "ipam.type"),
    ])
    func badIPAM(changes: String, field: String) throws {
        try expectInvalid(changes, field: field)
    }

    // MARK: allSlavesActive, xmitHashPolicy, tlbDynamicLb, lacpRate, primary

    @Test func allSlavesActive() throws {
        #expect(try parse(#"{"allSlavesActive":0}"#).allSlavesActive == 0)
        #expect(try parse(#"{"allSlavesActive":1}"#).allSlavesActive == 1)
        #expect(try parse(#"{"allSlavesActive":true}"#).allSlavesActive == 1)
        #expect(try parse(#"{"allSlavesActive":false}"#).allSlavesActive == 0)
        try expectInvalid(#"{"allSlavesActive":2}"#, field: "allSlavesActive")
        try expectInvalid(#"{"allSlavesActive":"1"}"#, field: "allSlavesActive")
    }

    @Test(arguments: XmitHashPolicy.allCases)
    func xmitHashPolicy(policy: XmitHashPolicy) throws {
        for mode in ["balance-xor", "802.3ad", "balance-tlb", "balance-alb"] {
            let config = try parse(#"{"mode":"\#(mode)","xmitHashPolicy":"\#(policy.rawValue)"}"#)
            #expect(config.xmitHashPolicy == policy)
        }
    }

    @Test(arguments: ["active-backup", "balance-rr", "broadcast"])
    func xmitHashPolicyNeedsAHashingMode(mode: String) throws {
        let error = try expectInvalid(#"{"mode":"\#(mode)","xmitHashPolicy":"layer2"}"#, field: "xmitHashPolicy")
        #expect(error.message.contains("balance-xor, 802.3ad, balance-tlb and balance-alb, not \(mode)"))
    }

    @Test func badXmitHashPolicy() throws {
        let error = try expectInvalid(#"{"mode":"802.3ad","xmitHashPolicy":"layer3"}"#, field: "xmitHashPolicy")
        #expect(error.message.contains("layer2, layer3+4, layer2+3, encap2+3, encap3+4, vlan+srcmac"))
        try expectInvalid(#"{"mode":"802.3ad","xmitHashPolicy":1}"#, field: "xmitHashPolicy")
    }

    @Test func tlbDynamicLb() throws {
        #expect(try parse(#"{"mode":"balance-tlb","tlbDynamicLb":0}"#).tlbDynamicLb == 0)
        #expect(try parse(#"{"mode":"balance-alb","tlbDynamicLb":1}"#).tlbDynamicLb == 1)
        #expect(try parse(#"{"mode":"balance-tlb","tlbDynamicLb":true}"#).tlbDynamicLb == 1)
        try expectInvalid(#"{"mode":"balance-tlb","tlbDynamicLb":2}"#, field: "tlbDynamicLb")
        try expectInvalid(#"{"mode":"balance-xor","tlbDynamicLb":1}"#, field: "tlbDynamicLb")
        try expectInvalid(#"{"tlbDynamicLb":0}"#, field: "tlbDynamicLb")
    }

    @Test(arguments: [
        (#""slow""#, LACPRate.slow), (#""fast""#, .fast), ("0", .slow), ("1", .fast),
    ])
    func lacpRate(value: String, expected: LACPRate) throws {
        #expect(try parse(#"{"mode":"802.3ad","lacpRate":\#(value)}"#).lacpRate == expected)
    }

    @Test(arguments: [
        #"{"mode":"802.3ad","lacpRate":"medium"}"#, #"{"mode":"802.3ad","lacpRate":2}"#,
        #"{"mode":"802.3ad","lacpRate":true}"#, #"{"mode":"active-backup","lacpRate":"fast"}"#,
        #"{"mode":"balance-xor","lacpRate":"slow"}"#,
    ])
    func badLACPRate(changes: String) throws {
        try expectInvalid(changes, field: "lacpRate")
    }

    @Test(arguments: ["active-backup", "balance-tlb", "balance-alb"])
    func primary(mode: String) throws {
        #expect(try parse(#"{"mode":"\#(mode)","primary":"net2"}"#).primary == "net2")
    }

    @Test(arguments: [
        #"{"primary":"net3"}"#, #"{"primary":""}"#, #"{"primary":1}"#, #"{"mode":"balance-xor","primary":"net1"}"#,
        #"{"mode":"802.3ad","primary":"net1"}"#,
    ])
    func badPrimary(changes: String) throws {
        try expectInvalid(changes, field: "primary")
    }

    @Test func primaryMessage() throws {
        let error = try parseError(#"{"primary":"net3"}"#)
        #expect(error.message == #"invalid "primary": "net3" is not one of the links (net1, net2)"#)
    }

    // MARK: ARP monitoring

    static let arp = #"{"mode":"active-backup","miimon":null,"arpInterval":200,"arpIpTarget":["10.0.0.1","10.0.0.2"]}"#

    @Test func arpMonitoring() throws {
        let config = try parse(Self.arp)
        #expect(config.arpInterval == 200)
        #expect(config.arpIPTargets == [.v4([10, 0, 0, 1]), .v4([10, 0, 0, 2])])
        // ARP monitoring replaces the MII default.
        #expect(config.miimon == 0)
    }

    @Test func arpTargetsAsCommaSeparatedString() throws {
        let config = try parse(#"{"miimon":null,"arpInterval":"100","arpIpTarget":"10.0.0.1,10.0.0.2, 10.0.0.3"}"#)
        #expect(config.arpIPTargets.map(\.description) == ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
        #expect(config.arpInterval == 100)
    }

    @Test func arpWithExplicitZeroMiimon() throws {
        let config = try parse(#"{"miimon":"0","arpInterval":200,"arpIpTarget":["10.0.0.1"]}"#)
        #expect(config.miimon == 0)
    }

    @Test func sixteenTargets() throws {
        let targets = (1...16).map { "\"10.0.0.\($0)\"" }.joined(separator: ",")
        #expect(try parse(#"{"miimon":null,"arpInterval":100,"arpIpTarget":[\#(targets)]}"#).arpIPTargets.count == 16)
    }

    @Test func zeroArpIntervalIsOff() throws {
        let config = try parse(#"{"arpInterval":0}"#)
        #expect(config.arpInterval == 0)
        #expect(config.miimon == 100)
    }

    @Test(arguments: ["balance-rr", "balance-xor", "broadcast", "active-backup"])
    func arpModes(mode: String) throws {
        #expect(try parse(#"{"mode":"\#(mode)","miimon":null,"arpInterval":100,"arpIpTarget":"10.0.0.1"}"#).arpInterval == 100)
    }

    @Test(arguments: [
        (#"{"mode":"802.3ad","miimon":null,"arpInterval":100,"arpIpTarget":"10.0.0.1"}"#, "arpInterval"),
        (#"{"mode":"balance-tlb","miimon":null,"arpInterval":100,"arpIpTarget":"10.0.0.1"}"#, "arpInterval"),
        (#"{"mode":"balance-alb","miimon":null,"arpInterval":100,"arpIpTarget":"10.0.0.1"}"#, "arpInterval"),
        (#"{"miimon":"100","arpInterval":100,"arpIpTarget":"10.0.0.1"}"#, "arpInterval"),
        (#"{"miimon":null,"arpInterval":100}"#, "arpIpTarget"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":[]}"#, "arpIpTarget"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":""}"#, "arpIpTarget"),
        (#"{"arpIpTarget":["10.0.0.1"]}"#, "arpIpTarget"),
        (#"{"miimon":null,"arpInterval":-1,"arpIpTarget":"10.0.0.1"}"#, "arpInterval"),
        (#"{"miimon":null,"arpInterval":"x","arpIpTarget":"10.0.0.1"}"#, "arpInterval"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":["x"]}"#, "arpIpTarget[0]"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":["10.0.0.1","fd00::1"]}"#, "arpIpTarget[1]"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":["10.0.0.1","10.0.0.1"]}"#, "arpIpTarget[1]"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":["0.0.0.0"]}"#, "arpIpTarget[0]"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":["0.1.2.3"]}"#, "arpIpTarget[0]"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":["255.255.255.255"]}"#, "arpIpTarget[0]"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":[1]}"#, "arpIpTarget[0]"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":"10.0.0.1,,10.0.0.2"}"#, "arpIpTarget[1]"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":17}"#, "arpIpTarget"),
        (#"{"miimon":null,"arpInterval":100,"arpIpTarget":{"a":"10.0.0.1"}}"#, "arpIpTarget"),
    ])
    func badARP(changes: String, field: String) throws {
        try expectInvalid(changes, field: field)
    }

    @Test func seventeenTargets() throws {
        let targets = (1...17).map { "\"10.0.0.\($0)\"" }.joined(separator: ",")
        let error = try expectInvalid(#"{"miimon":null,"arpInterval":100,"arpIpTarget":[\#(targets)]}"#, field: "arpIpTarget")
        #expect(error.message.contains("at most 16"))
    }

    @Test func arpMessages() throws {
        let both = try parseError(#"{"miimon":"100","arpInterval":100,"arpIpTarget":"10.0.0.1"}"#)
        #expect(both.message.contains(#"cannot be used together with "miimon" 100"#))
        let v6 = try parseError(#"{"miimon":null,"arpInterval":100,"arpIpTarget":["fd00::1"]}"#)
        #expect(v6.message == #"invalid "arpIpTarget[0]": "fd00::1" is IPv6; ARP targets are IPv4 addresses"#)
    }

    // MARK: updelay, downdelay

    @Test func delays() throws {
        let config = try parse(#"{"miimon":"100","updelay":200,"downdelay":"300"}"#)
        #expect(config.updelay == 200)
        #expect(config.downdelay == 300)
        #expect(try parse(#"{"miimon":0,"updelay":0,"downdelay":0}"#).updelay == 0)
        #expect(try parse(#"{"updelay":500}"#).updelay == 500)
    }

    @Test(arguments: ["updelay", "downdelay"])
    func badDelays(field: String) throws {
        try expectInvalid(#"{"miimon":"100","\#(field)":150}"#, field: field)
        try expectInvalid(#"{"miimon":"0","\#(field)":100}"#, field: field)
        try expectInvalid(#"{"\#(field)":-100}"#, field: field)
        try expectInvalid(#"{"\#(field)":"soon"}"#, field: field)
        try expectInvalid(#"{"miimon":null,"arpInterval":100,"arpIpTarget":"10.0.0.1","\#(field)":100}"#, field: field)
        let error = try parseError(#"{"miimon":"100","\#(field)":150}"#)
        #expect(error.message == #"invalid "\#(field)": 150 is not a multiple of "miimon" 100"#)
    }

    // MARK: dns, prevResult

    @Test func dns() throws {
        let config = try parse(#"{"dns":{"nameservers":["10.0.0.53"],"search":["a.local"]}}"#)
        #expect(config.dns == CNIResult.DNS(nameservers: ["10.0.0.53"], search: ["a.local"]))
        #expect(try parse(#"{"dns":{}}"#).dns == CNIResult.DNS())
    }

    @Test(arguments: [
        (#"{"dns":"10.0.0.53"}"#, "dns"), (#"{"dns":{"nameservers":"10.0.0.53"}}"#, "dns.nameservers"),
        (#"{"dns":{"nameservers":[1]}}"#, "dns.nameservers[0]"), (#"{"dns":{"domain":1}}"#, "dns.domain"),
    ])
    func badDNS(changes: String, field: String) throws {
        try expectInvalid(changes, field: field)
    }

    @Test func prevResult() throws {
        let config = try parse(
            #"{"prevResult":{"cniVersion":"0.3.1","interfaces":[{"name":"bond0","sandbox":"/run/netns/x"}],"ips":[{"version":"4","address":"10.56.217.5/24","interface":0}]}}"#)
        let result = try #require(config.prevResult)
        #expect(result.interfaces == [CNIResult.Interface(name: "bond0", sandbox: "/run/netns/x")])
        #expect(result.ips == [CNIResult.IPConfig(address: IPPrefix("10.56.217.5/24")!, interface: 0)])
    }

    @Test(arguments: [
        (#"{"prevResult":[]}"#, "prevResult"),
        (#"{"prevResult":{"ips":[{"address":"10.0.0.1"}]}}"#, "prevResult.ips[0].address"),
        (#"{"prevResult":{"interfaces":[{}]}}"#, "prevResult.interfaces[0].name"),
        (#"{"prevResult":{"routes":[{"dst":"x"}]}}"#, "prevResult.routes[0].dst"),
    ])
    func badPrevResult(changes: String, field: String) throws {
        try expectInvalid(changes, field: field)
    }

    @Test func prevResultWithUnsupportedVersion() throws {
        let error = try parseError(#"{"prevResult":{"cniVersion":"0.5.0"}}"#)
        #expect(error.code == 1)
        #expect(error.message.contains("prevResult.cniVersion"))
    }

    // MARK: Helpers

    /// Parsing fails with code 7 and a message naming `field`.
    @discardableResult
    func expectInvalid(_ changes: String, field: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> CNIError
    {
        let error = try parseError(changes)
        #expect(error.code == 7, "\(changes): \(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains("\"\(field)\""), "\(changes): \(error.message)", sourceLocation: sourceLocation)
        return error
    }
}
