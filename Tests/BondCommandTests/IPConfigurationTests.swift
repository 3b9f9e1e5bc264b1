import CNI
import JSONValues
import RouteNetlink
import Testing
@testable import BondPlugin

/// The address and route requests an IPAM result becomes, as values.
@Suite("IPConfiguration")
struct IPConfigurationTests {
    static let allocation = #"""
        {"cniVersion":"1.0.0",
         "ips":[{"address":"10.56.217.5/24","gateway":"10.56.217.1"},{"address":"fd00::5/64","gateway":"fd00::1"}],
         "routes":[{"dst":"0.0.0.0/0"},{"dst":"192.168.0.0/16","gw":"10.56.217.254","priority":10},{"dst":"::/0"}]}
        """#

    @Test func addressesGoOnTheBondInOrder() throws {
        let result = try CNIResult(decoding: JSONValue.decode(Self.allocation))

        #expect(IPConfiguration.addresses(of: result, on: 10) == [
            AddressMessage(family: AddressFamily.inet, prefixLength: 24, index: 10, address: [10, 56, 217, 5]),
            AddressMessage(family: AddressFamily.inet6, prefixLength: 64, index: 10,
                           address: [0xfd, 0] + [UInt8](repeating: 0, count: 13) + [5]),
        ])
    }

    @Test func aRouteWithoutGatewayUsesTheFirstGatewayOfItsFamily() throws {
        let result = try CNIResult(decoding: JSONValue.decode(Self.allocation))
        let routes = IPConfiguration.routes(of: result, on: 10)

        #expect(routes.map(\.gateway) == [
            [10, 56, 217, 1], [10, 56, 217, 254], [0xfd, 0] + [UInt8](repeating: 0, count: 13) + [1],
        ])
        #expect(routes.map(\.destination) == [nil, [192, 168, 0, 0], nil])
        #expect(routes.map(\.destinationPrefixLength) == [0, 16, 0])
        #expect(routes.map(\.priority) == [nil, 10, nil])
        #expect(routes.allSatisfy { $0.outputIndex == 10 })
    }
}
