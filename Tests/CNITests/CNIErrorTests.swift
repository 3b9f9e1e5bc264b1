import CNI
import JSONValues
import Testing

@Suite struct CNIErrorTests {
    @Test func wellKnownCodes() {
        #expect(CNIError.incompatibleVersion("m").code == 1)
        #expect(CNIError.unsupportedField("m").code == 2)
        #expect(CNIError.unknownContainer("m").code == 3)
        #expect(CNIError.invalidEnvironment("m").code == 4)
        #expect(CNIError.ioFailure("m").code == 5)
        #expect(CNIError.decodingFailure("m").code == 6)
        #expect(CNIError.invalidNetworkConfig("m").code == 7)
        #expect(CNIError.tryAgainLater("m").code == 11)
        #expect(CNIError.pluginNotAvailable("m").code == 50)
        #expect(CNIError.pluginNotAvailableLimitedConnectivity("m").code == 51)
        #expect(CNIError.pluginError("m").code == 999)
    }

    @Test func constructorsKeepMessageAndDetails() {
        let error = CNIError.ioFailure("cannot read", details: "EIO")
        #expect(error.message == "cannot read")
        #expect(error.details == "EIO")
        #expect(error == CNIError(code: 5, message: "cannot read", details: "EIO"))
        #expect(CNIError.ioFailure("x").details == "")
    }

    @Test func jsonShapeWithDetails() throws {
        let value = CNIError.tryAgainLater("busy", details: "netlink EBUSY").json(cniVersion: "1.0.0")
        let expected = try json(#"{"cniVersion":"1.0.0","code":11,"msg":"busy","details":"netlink EBUSY"}"#)
        #expect(value == expected)
    }

    @Test func jsonOmitsEmptyDetails() throws {
        let value = CNIError.invalidNetworkConfig("bad").json(cniVersion: "0.3.1")
        let expected = try json(#"{"cniVersion":"0.3.1","code":7,"msg":"bad"}"#)
        #expect(value == expected)
        #expect(value.jsonString == #"{"cniVersion":"0.3.1","code":7,"msg":"bad"}"#)
    }

    @Test func description() {
        #expect(CNIError.ioFailure("x").description == "CNI error 5: x")
        #expect(CNIError.ioFailure("x", details: "y").description == "CNI error 5: x (y)")
    }
}
