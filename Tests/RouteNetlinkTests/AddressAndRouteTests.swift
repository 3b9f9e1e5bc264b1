import Testing
import Netlink
import NetlinkTesting
@testable import RouteNetlink

private let fd00_1: [UInt8] = [0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]

/// An RTM_NEWADDR payload as the kernel lays it out: ifaddrmsg, then attributes.
private func addressPayload(family: UInt8, prefix: UInt8, index: Int32, _ body: (inout AttributeWriter) -> Void) -> [UInt8] {
    var bytes: [UInt8] = [family, prefix, 0x80, 0]   // IFA_F_PERMANENT, scope universe
    bytes.append(hostOrder: index)
    var attributes = AttributeWriter()
    body(&attributes)
    return bytes + attributes.bytes
}

@Suite struct AddressTests {
    @Test func ipv4AddSendsLocalAndAddress() {
        let address = AddressMessage(family: AddressFamily.inet, prefixLength: 24, index: 3, address: [10, 1, 2, 3])
        #expect(AddressRequest.change(address) == [
            2, 24, 0, 0,  3, 0, 0, 0,        // ifaddrmsg: AF_INET /24, flags 0, scope 0, index 3
            8, 0, 2, 0, 10, 1, 2, 3,         // IFA_LOCAL
            8, 0, 1, 0, 10, 1, 2, 3,         // IFA_ADDRESS
        ])
    }

    @Test func ipv6AddSendsAddressOnly() {
        let address = AddressMessage(family: AddressFamily.inet6, prefixLength: 64, index: 3, address: fd00_1, scope: 0, flags: 0x02)
        #expect(AddressRequest.change(address) == [10, 64, 2, 0, 3, 0, 0, 0, 20, 0, 1, 0] + fd00_1)
    }

    @Test func dumpFiltersByIndexInTheHeader() {
        #expect(AddressRequest.dump(index: 0) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(AddressRequest.dump(index: 0x0102) == [0, 0, 0, 0, 2, 1, 0, 0])
    }

    @Test func decodingPrefersTheLocalAddress() throws {
        // A point-to-point link: IFA_ADDRESS is the peer, IFA_LOCAL this end.
        let payload = addressPayload(family: AddressFamily.inet, prefix: 32, index: 5) { a in
            a.append(type: IFA.address, payload: [10, 0, 0, 2])
            a.append(type: IFA.local, payload: [10, 0, 0, 1])
            a.append(type: 3, string: "ppp0")          // IFA_LABEL
            a.append(type: 8, uint32: 0x80)             // IFA_FLAGS
            a.append(type: 6, payload: [UInt8](repeating: 0xFF, count: 16))   // IFA_CACHEINFO
        }
        let address = try AddressMessage(decoding: payload[...])
        #expect(address == AddressMessage(family: AddressFamily.inet, prefixLength: 32, index: 5, address: [10, 0, 0, 1], scope: 0, flags: 0x80))
    }

    @Test func ipv6HasOnlyIFAAddress() throws {
        let payload = addressPayload(family: AddressFamily.inet6, prefix: 64, index: 2) { $0.append(type: IFA.address, payload: fd00_1) }
        #expect(try AddressMessage(decoding: payload[...]).address == fd00_1)
    }

    @Test func encodeThenDecodeIsTheSameAddress() throws {
        for address in [
            AddressMessage(family: AddressFamily.inet, prefixLength: 24, index: 3, address: [10, 1, 2, 3], scope: 253, flags: 1),
            AddressMessage(family: AddressFamily.inet6, prefixLength: 128, index: 70000, address: fd00_1),
        ] {
            #expect(try AddressMessage(decoding: AddressRequest.change(address)[...]) == address)
        }
    }

    @Test func malformedAddresses() {
        let none = addressPayload(family: AddressFamily.inet, prefix: 24, index: 1) { $0.append(type: 3, string: "x") }
        #expect(throws: NetlinkError.malformed(what: "address message", detail: "neither IFA_LOCAL nor IFA_ADDRESS")) {
            try AddressMessage(decoding: none[...])
        }
        let long = addressPayload(family: AddressFamily.inet, prefix: 24, index: 1) { $0.append(type: IFA.local, payload: fd00_1) }
        #expect(throws: NetlinkError.attributeLength(type: IFA.local, expected: 4, actual: 16)) {
            try AddressMessage(decoding: long[...])
        }
        let short = addressPayload(family: AddressFamily.inet6, prefix: 64, index: 1) { $0.append(type: IFA.address, payload: [1, 2, 3, 4]) }
        #expect(throws: NetlinkError.attributeLength(type: IFA.address, expected: 16, actual: 4)) {
            try AddressMessage(decoding: short[...])
        }
        #expect(throws: NetlinkError.self) { try AddressMessage(decoding: [2, 24, 0, 0, 1][...]) }
    }

    @Test func addAndDeleteAreAcknowledgedRequests() throws {
        let kernel = ScriptedKernel { request in [KernelReply.ack(to: request)] }
        let addresses = RouteAddresses(connection: NetlinkConnection(transport: kernel))
        let address = AddressMessage(family: AddressFamily.inet, prefixLength: 24, index: 3, address: [10, 1, 2, 3])
        try addresses.add(address)
        try addresses.delete(address)
        let requests = kernel.requests
        #expect(requests.map(\.header.type) == [RTM.newAddr, RTM.delAddr])
        #expect(requests[0].header.flags == NLM_F.request | NLM_F.ack | NLM_F.create | NLM_F.excl)
        #expect(requests[1].header.flags == NLM_F.request | NLM_F.ack)
        #expect(Array(requests[0].payload) == AddressRequest.change(address))
        #expect(Array(requests[1].payload) == AddressRequest.change(address))
    }

    @Test func errorsNameTheAddressInText() {
        let kernel = ScriptedKernel { request in [KernelReply.error(Errno.EEXIST, to: request)] }
        let addresses = RouteAddresses(connection: NetlinkConnection(transport: kernel))
        #expect(throws: NetlinkError.kernel(operation: "add address fd00::1/64 to link #3", errno: Errno.EEXIST, extack: nil)) {
            try addresses.add(AddressMessage(family: AddressFamily.inet6, prefixLength: 64, index: 3, address: fd00_1))
        }
    }

    /// A kernel that ignores the index filter (no strict checking) still gives
    /// only that link's addresses; families other than IPv4/IPv6 are left out.
    @Test func dumpKeepsOnlyTheAskedLink() throws {
        let kernel = ScriptedKernel { request in
            let v4 = addressPayload(family: AddressFamily.inet, prefix: 24, index: 3) { $0.append(type: IFA.local, payload: [10, 1, 2, 3]) }
            let other = addressPayload(family: AddressFamily.inet, prefix: 8, index: 1) { $0.append(type: IFA.local, payload: [127, 0, 0, 1]) }
            let v6 = addressPayload(family: AddressFamily.inet6, prefix: 64, index: 3) { $0.append(type: IFA.address, payload: fd00_1) }
            let mctp = addressPayload(family: 45, prefix: 0, index: 3) { $0.append(type: IFA.local, payload: [8]) }
            return [
                KernelReply.message(RTM.newAddr, flags: NLM_F.multi, payload: v4, to: request)
                    + KernelReply.message(RTM.newAddr, flags: NLM_F.multi, payload: other, to: request)
                    + KernelReply.message(RTM.newAddr, flags: NLM_F.multi, payload: v6, to: request)
                    + KernelReply.message(RTM.newAddr, flags: NLM_F.multi, payload: mctp, to: request),
                KernelReply.done(to: request),
            ]
        }
        let addresses = RouteAddresses(connection: NetlinkConnection(transport: kernel))
        let found = try addresses.addresses(index: 3)
        #expect(found.map(\.address) == [[10, 1, 2, 3], fd00_1])
        #expect(kernel.requests[0].header.type == RTM.getAddr)
        #expect(kernel.requests[0].header.flags == NLM_F.request | NLM_F.dump)
        #expect(Array(kernel.requests[0].payload) == AddressRequest.dump(index: 3))
        #expect(try addresses.addresses().count == 3)
    }
}

@Suite struct RouteTests {
    let defaultRoute = RouteMessage(family: AddressFamily.inet, destinationPrefixLength: 0, destination: nil, gateway: [10, 0, 0, 1], outputIndex: 3)
    let subnetRoute = RouteMessage(family: AddressFamily.inet, destinationPrefixLength: 16, destination: [10, 1, 0, 0], gateway: nil, outputIndex: 3, priority: 100)

    @Test func initializerDefaults() {
        #expect(defaultRoute.table == 254)
        #expect(defaultRoute.scope == 0)
        #expect(defaultRoute.routeProtocol == 3)
        #expect(defaultRoute.type == 1)
        #expect(subnetRoute.scope == 253)
        #expect(subnetRoute.priority == 100)
    }

    @Test func defaultRouteViaAGateway() {
        #expect(RouteRequest.add(defaultRoute) == [
            2, 0, 0, 0,  254, 3, 0, 1,  0, 0, 0, 0,    // rtmsg: AF_INET /0, main, boot, universe, unicast
            8, 0, 5, 0, 10, 0, 0, 1,                   // RTA_GATEWAY
            8, 0, 4, 0, 3, 0, 0, 0,                    // RTA_OIF 3
        ])
    }

    @Test func subnetRouteOnTheLinkWithAMetric() {
        #expect(RouteRequest.add(subnetRoute) == [
            2, 16, 0, 0,  254, 3, 253, 1,  0, 0, 0, 0, // scope link
            8, 0, 1, 0, 10, 1, 0, 0,                   // RTA_DST
            8, 0, 4, 0, 3, 0, 0, 0,                    // RTA_OIF
            8, 0, 6, 0, 100, 0, 0, 0,                  // RTA_PRIORITY
        ])
    }

    @Test func deleteLeavesProtocolScopeAndTypeOpen() {
        #expect(RouteRequest.delete(defaultRoute) == [
            2, 0, 0, 0,  254, 0, 255, 0,  0, 0, 0, 0,  // protocol unspec, scope nowhere, type unspec
            8, 0, 5, 0, 10, 0, 0, 1,
            8, 0, 4, 0, 3, 0, 0, 0,
        ])
    }

    @Test func largeTableIdsGoInRTATable() {
        var route = RouteMessage(family: AddressFamily.inet6, destinationPrefixLength: 0, destination: nil, gateway: nil, outputIndex: nil)
        route.table = 1000
        #expect(RouteRequest.add(route) == [10, 0, 0, 0, 0, 3, 253, 1, 0, 0, 0, 0, 8, 0, 15, 0, 0xE8, 3, 0, 0])
        #expect(RouteRequest.dump(family: AddressFamily.inet6) == [10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func encodeThenDecodeIsTheSameRoute() throws {
        var big = subnetRoute
        big.table = 70000
        let v6 = RouteMessage(family: AddressFamily.inet6, destinationPrefixLength: 64, destination: fd00_1, gateway: fd00_1, outputIndex: 2)
        for route in [defaultRoute, subnetRoute, big, v6] {
            #expect(try RouteMessage(decoding: RouteRequest.add(route)[...]) == route)
        }
    }

    /// As the kernel sends it: RTA_TABLE always, RTA_PREFSRC and others skipped.
    @Test func decodesTheKernelsLayout() throws {
        var bytes: [UInt8] = [2, 24, 0, 0, 254, 2, 253, 1, 0, 0, 0, 0]   // proto kernel
        var attributes = AttributeWriter()
        attributes.append(type: RTA.table, uint32: 254)
        attributes.append(type: RTA.dst, payload: [10, 1, 2, 0])
        attributes.append(type: 7, payload: [10, 1, 2, 3])   // RTA_PREFSRC
        attributes.append(type: RTA.oif, uint32: 4)
        bytes += attributes.bytes
        let route = try RouteMessage(decoding: bytes[...])
        #expect(route.destination == [10, 1, 2, 0])
        #expect(route.destinationPrefixLength == 24)
        #expect(route.gateway == nil)
        #expect(route.outputIndex == 4)
        #expect(route.table == 254)
        #expect(route.routeProtocol == 2)
        #expect(route.scope == 253)
        #expect(route.priority == nil)
    }

    @Test func malformedRoutes() {
        #expect(throws: NetlinkError.self) { try RouteMessage(decoding: [2, 0, 0, 0, 254][...]) }
        var bytes: [UInt8] = [2, 0, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0]
        var attributes = AttributeWriter()
        attributes.append(type: RTA.gateway, payload: fd00_1)
        bytes += attributes.bytes
        #expect(throws: NetlinkError.attributeLength(type: RTA.gateway, expected: 4, actual: 16)) {
            try RouteMessage(decoding: bytes[...])
        }
    }

    @Test func addAndDeleteRequests() throws {
        let kernel = ScriptedKernel { request in [KernelReply.ack(to: request)] }
        let table = RouteTable(connection: NetlinkConnection(transport: kernel))
        try table.add(defaultRoute)
        try table.delete(defaultRoute)
        let requests = kernel.requests
        #expect(requests.map(\.header.type) == [RTM.newRoute, RTM.delRoute])
        #expect(requests[0].header.flags == NLM_F.request | NLM_F.ack | NLM_F.create | NLM_F.excl)
        #expect(requests[1].header.flags == NLM_F.request | NLM_F.ack)
        #expect(Array(requests[0].payload) == RouteRequest.add(defaultRoute))
        #expect(Array(requests[1].payload) == RouteRequest.delete(defaultRoute))
    }

    @Test func errorsNameTheRoute() {
        let kernel = ScriptedKernel { request in [KernelReply.error(Errno.EEXIST, to: request)] }
        let table = RouteTable(connection: NetlinkConnection(transport: kernel))
        #expect(throws: NetlinkError.kernel(operation: "add route default via 10.0.0.1 dev #3", errno: Errno.EEXIST, extack: nil)) {
            try table.add(defaultRoute)
        }
        #expect(throws: NetlinkError.kernel(operation: "delete route 10.1.0.0/16 dev #3 metric 100", errno: Errno.EEXIST, extack: nil)) {
            try table.delete(subnetRoute)
        }
    }

    @Test func dumpKeepsTheMainTableOfTheFamily() throws {
        let kernel = ScriptedKernel { request in
            var local = RouteMessage(family: AddressFamily.inet, destinationPrefixLength: 32, destination: [10, 1, 2, 3], gateway: nil, outputIndex: 3)
            local.table = 255
            let replies = [RouteRequest.add(defaultRoute), RouteRequest.add(local), RouteRequest.add(subnetRoute)]
                .map { KernelReply.message(RTM.newRoute, flags: NLM_F.multi, payload: $0, to: request) }
            return [replies.flatMap { $0 }, KernelReply.done(to: request)]
        }
        let table = RouteTable(connection: NetlinkConnection(transport: kernel))
        #expect(try table.routes(family: AddressFamily.inet) == [defaultRoute, subnetRoute])
        #expect(kernel.requests[0].header.type == RTM.getRoute)
        #expect(Array(kernel.requests[0].payload) == RouteRequest.dump(family: AddressFamily.inet))
    }
}

@Suite struct IPTextTests {
    @Test(arguments: [
        ([10, 0, 0, 1], "10.0.0.1"),
        ([0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], "fd00::1"),
        ([UInt8](repeating: 0, count: 16), "::"),
        ([0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], "2001:db8:0:1:1:1:1:1"),
        ([0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], "2001:0:0:1::"),
        ([0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "fe80::"),
    ] as [([UInt8], String)])
    func describes(bytes: [UInt8], text: String) {
        #expect(IPText.describe(bytes) == text)
    }
}
