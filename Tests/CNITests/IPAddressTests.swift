import CNI
import Testing

@Suite struct IPAddressTests {
    @Test func parsesIPv4() throws {
        let address = try #require(IPAddress("10.56.217.1"))
        #expect(address == .v4([10, 56, 217, 1]))
        #expect(address.isV4)
        #expect(address.bytes == [10, 56, 217, 1])
        #expect(address.description == "10.56.217.1")
        #expect(IPAddress("0.0.0.0") == .v4([0, 0, 0, 0]))
        #expect(IPAddress("255.255.255.255") == .v4([255, 255, 255, 255]))
    }

    @Test(arguments: [
        "", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01.2.3.4", "1.2.3.04", "1..3.4", "1.2.3.4 ",
        " 1.2.3.4", "a.b.c.d", "1.2.3.4/24", "1.2.3.", "1000.1.1.1", "١.2.3.4",
    ])
    func rejectsBadIPv4(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test(arguments: [
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:db8::1:0:0:0:1", "2001:db8:0:1::1"),
        ("fe80:0:0:0:0:0:0:0", "fe80::"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::ffff:10.1.2.3", "::ffff:10.1.2.3"),
        ("::FFFF:a01:203", "::ffff:10.1.2.3"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("fd00:abcd:1234:5678:9abc:def0:1234:5678", "fd00:abcd:1234:5678:9abc:def0:1234:5678"),
    ])
    func parsesAndCompressesIPv6(text: String, canonical: String) throws {
        let address = try #require(IPAddress(text))
        #expect(!address.isV4)
        #expect(address.bytes.count == 16)
        #expect(address.description == canonical)
        #expect(IPAddress(canonical) == address)
    }

    @Test func ipv6Bytes() throws {
        let address = try #require(IPAddress("2001:db8::ff00:42:8329"))
        #expect(address.bytes == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x00, 0x42, 0x83, 0x29])
    }

    @Test(arguments: [
        ":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:",
        "12345::", "g::1", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "fe80::1%eth0", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8", "[::1]", "::256.1.1.1", "1:2:3:4:5:6:7:1.2.3.4",
    ])
    func rejectsBadIPv6(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func ipv6EightGroupsWithEmbeddedIPv4() throws {
        let address = try #require(IPAddress("1:2:3:4:5:6:1.2.3.4"))
        #expect(address.description == "1:2:3:4:5:6:102:304")
    }

    @Test func wrongSizedPayloadsDoNotTrap() {
        #expect(IPAddress.v6([1, 2]).description.hasPrefix("<invalid IPv6"))
        #expect(IPAddress.v4([1, 2]).description == "1.2")
    }

    @Test func prefixes() throws {
        let v4 = try #require(IPPrefix("10.56.217.7/24"))
        #expect(v4.address == .v4([10, 56, 217, 7]))
        #expect(v4.length == 24)
        #expect(v4.description == "10.56.217.7/24")
        #expect(v4.network.description == "10.56.217.0/24")
        let v6 = try #require(IPPrefix("2001:DB8::5/64"))
        #expect(v6.description == "2001:db8::5/64")
        #expect(v6.network.description == "2001:db8::/64")
        #expect(IPPrefix("0.0.0.0/0")?.length == 0)
        #expect(IPPrefix("::/0")?.description == "::/0")
        #expect(IPPrefix("1.2.3.4/32")?.length == 32)
        #expect(IPPrefix("::1/128")?.length == 128)
        #expect(IPPrefix("10.1.2.255/23")?.network.description == "10.1.2.0/23")
        #expect(IPPrefix("10.1.3.255/23")?.network.description == "10.1.2.0/23")
        #expect(IPPrefix("10.1.3.255/0")?.network.description == "0.0.0.0/0")
        #expect(IPPrefix("fd00::ffff/113")?.network.description == "fd00::8000/113")
        #expect(IPPrefix(address: .v4([1, 2, 3, 4]), length: 8).description == "1.2.3.4/8")
    }

    @Test(arguments: [
        "", "10.1.2.3", "10.1.2.3/", "10.1.2.3/33", "::/129", "10.1.2.3/024", "10.1.2.3/-1", "10.1.2.3/2a",
        "/24", "10.1.2.3/24/1", "10.1.2/24", "10.1.2.3 /24", "10.1.2.3/ 24", "fe80::1%eth0/64",
    ])
    func rejectsBadPrefixes(text: String) {
        #expect(IPPrefix(text) == nil)
    }
}
