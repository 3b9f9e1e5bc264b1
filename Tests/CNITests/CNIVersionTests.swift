import CNI
import JSONValues
import Testing

@Suite struct CNIVersionTests {
    @Test(arguments: CNIVersion.supported)
    func supportedVersionsParse(text: String) throws {
        let version = try CNIVersion(text)
        #expect(version.description == text)
    }

    @Test func latestIsSupportedAndHighest() throws {
        #expect(CNIVersion.latest == "1.1.0")
        let latest = try CNIVersion(CNIVersion.latest)
        for text in CNIVersion.supported {
            #expect(try CNIVersion(text) <= latest)
        }
    }

    @Test func ordering() throws {
        let versions = try CNIVersion.supported.map { (text) throws(CNIError) in try CNIVersion(text) }
        #expect(versions == versions.sorted())
        #expect(try CNIVersion("0.3.0") < CNIVersion("0.3.1"))
        #expect(try CNIVersion("0.3.1") < CNIVersion("0.4.0"))
        #expect(try CNIVersion("0.4.0") < CNIVersion("1.0.0"))
        #expect(try CNIVersion("1.0.0") < CNIVersion("1.1.0"))
        #expect(try CNIVersion("1.1.0") == CNIVersion("1.1.0"))
        let parsed = try CNIVersion("0.4.0")
        #expect(parsed.major == 0 && parsed.minor == 4 && parsed.patch == 0)
    }

    @Test func capabilities() throws {
        #expect(try !CNIVersion("0.3.1").supportsCheck)
        #expect(try CNIVersion("0.4.0").supportsCheck)
        #expect(try CNIVersion("1.1.0").supportsCheck)
        #expect(try !CNIVersion("1.0.0").supportsStatusAndGC)
        #expect(try CNIVersion("1.1.0").supportsStatusAndGC)
    }

    @Test(arguments: ["0.0.1", "0.5.0", "1.2.0", "2.0.0", "0.3.2"])
    func unsupportedVersions(text: String) throws {
        let error = try #require(failure { () throws(CNIError) in try CNIVersion(text) })
        #expect(error.code == 1)
        #expect(error.message.contains("unsupported CNI version \"\(text)\""))
        #expect(error.message.contains("0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0"))
    }

    @Test(arguments: ["", "1", "1.0", "1.0.0.0", "v1.0.0", "1.0.x", "01.0.0", "1..0", " 1.0.0", "-1.0.0", "1.0.0-rc1"])
    func unparseableVersions(text: String) throws {
        let error = try #require(failure { () throws(CNIError) in try CNIVersion(text) })
        #expect(error.code == 1)
        #expect(error.message.contains("invalid CNI version"))
        #expect(error.message.contains("1.1.0"))
    }

    @Test func versionInfoForRequestedVersion() throws {
        let expected = try json(
            #"{"cniVersion":"0.4.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}"#)
        #expect(VersionInfo.json(requested: "0.4.0") == expected)
    }

    @Test func versionInfoDefaultsToLatest() throws {
        let expected = try json(
            #"{"cniVersion":"1.1.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}"#)
        #expect(VersionInfo.json(requested: nil) == expected)
        // An unsupported request gets an answer the runtime can read.
        #expect(VersionInfo.json(requested: "0.5.0") == expected)
        #expect(VersionInfo.json(requested: "garbage") == expected)
    }
}
