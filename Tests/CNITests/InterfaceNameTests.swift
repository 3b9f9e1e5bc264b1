import CNI
import Testing

@Suite struct InterfaceNameTests {
    @Test(arguments: ["eth0", "a", "bond0", "123456789012345", "x.y", "net-1_2", "é"])
    func valid(name: String) {
        #expect(InterfaceName.problem(with: name) == nil)
        #expect(InterfaceName.isValid(name))
    }

    @Test func problems() throws {
        #expect(try #require(InterfaceName.problem(with: "")).contains("empty"))
        #expect(try #require(InterfaceName.problem(with: "1234567890123456")).contains("at most 15"))
        #expect(try #require(InterfaceName.problem(with: ".")).contains("not allowed"))
        #expect(try #require(InterfaceName.problem(with: "..")).contains("not allowed"))
        #expect(try #require(InterfaceName.problem(with: "a/b")).contains("'/'"))
        #expect(try #require(InterfaceName.problem(with: "a:1")).contains("':'"))
        #expect(try #require(InterfaceName.problem(with: "a b")).contains("whitespace"))
        #expect(try #require(InterfaceName.problem(with: "a\nb")).contains("whitespace"))
        #expect(try #require(InterfaceName.problem(with: "a\u{0}")).contains("control character"))
        // The bad name is in the message, escaped.
        #expect(try #require(InterfaceName.problem(with: "a\nb")).contains(#""a\nb""#))
    }
}
