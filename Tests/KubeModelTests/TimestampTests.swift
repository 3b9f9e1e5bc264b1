import KubeModel
import Testing

@Suite("RFC 3339 timestamps")
struct TimestampTests {
    @Test(
        "parses what Kubernetes writes",
        arguments: [
            ("1970-01-01T00:00:00Z", 0, 0),
            ("2025-07-24T13:35:54Z", 1_753_364_154, 0),
            ("2025-07-24T13:35:54.653201692Z", 1_753_364_154, 653_201_692),
            ("2025-07-24T13:35:54.5Z", 1_753_364_154, 500_000_000),
            ("2025-07-24T15:35:54+02:00", 1_753_364_154, 0),
            ("2025-07-24T13:35:54.1234567891Z", 1_753_364_154, 123_456_789),
            ("2024-02-29T00:00:00Z", 1_709_164_800, 0),
        ] as [(String, Int64, Int64)])
    func parses(text: String, seconds: Int64, nanoseconds: Int64) {
        #expect(Timestamp(text) == Timestamp(seconds: seconds, nanoseconds: nanoseconds))
    }

    @Test("refuses anything else", arguments: ["", "2025-07-24", "2025-07-24T13:35:54", "2025-02-29T00:00:00Z", "2025-07-24T13:35:54Zjunk", "2025-07-24T25:00:00Z", "2025-07-24T13:35:54.Z"])
    func refuses(text: String) {
        #expect(Timestamp(text) == nil)
    }

    @Test("orders by instant")
    func order() throws {
        let early = try #require(Timestamp("2025-07-24T13:35:54.25Z"))
        let late = try #require(Timestamp("2025-07-24T13:35:54.5Z"))
        #expect(early < late)
        #expect(try #require(Timestamp("2025-07-24T14:00:00+01:00")) < late)
    }
}
