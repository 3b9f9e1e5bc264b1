import Foundation
import KubeModel
import Testing

@testable import KubeSchema

@Suite("Go-compatible formatting")
struct FormattingTests {
    @Test(arguments: [
        (1000.0, "1000"), (500.0, "500"), (0.5, "0.5"), (1.75, "1.75"), (123456.0, "123456"),
        (1_000_000.0, "1e+06"), (1_234_567.0, "1.234567e+06"), (0.0001, "0.0001"), (0.00001, "1e-05"),
        (-2.5, "-2.5"), (0.0, "0"), (1e21, "1e+21"), (3.0e-7, "3e-07"), (100.25, "100.25"),
    ])
    func floats(value: Double, expected: String) {
        #expect(GoFormat.float(value) == expected)
    }

    @Test func quoting() {
        #expect(GoFormat.quote("plain") == #""plain""#)
        #expect(GoFormat.quote("tab\there") == #""tab\there""#)
        #expect(GoFormat.quote("q\"b\\") == #""q\"b\\""#)
        #expect(GoFormat.quote("\u{01}") == #""\x01""#)
        #expect(GoFormat.quote("héllo ✓") == "\"héllo ✓\"")
        #expect(GoFormat.quote("\u{200B}") == #""\u200b""#)
    }

    @Test func timestamps() {
        #expect(TimeText.parse("1970-01-01T00:00:00Z") == 0)
        #expect(TimeText.parse("2024-05-01T10:00:00Z") == 1_714_557_600)
        #expect(TimeText.parse("2024-05-01T12:00:00+02:00") == 1_714_557_600)
        #expect(TimeText.parse("2024-05-01T10:00:00.999999Z") == 1_714_557_600)
        #expect(TimeText.parse("1969-12-31T23:59:59Z") == -1)
        #expect(TimeText.parse("2024-13-01T10:00:00Z") == nil)
        #expect(TimeText.parse("2024-05-01 10:00:00Z") == nil)
        #expect(TimeText.parse("2024-05-01T10:00:00") == nil)
        #expect(TimeText.parse("2000-02-29T00:00:00Z") == 951_782_400)
        #expect(TimeText.parse("2001-02-29T00:00:00Z") == nil)
        #expect(TimeText.age(since: 1_714_557_600, now: Date(timeIntervalSince1970: 1_714_557_600 + 90.9)) == "90s")
        #expect(TimeText.age(since: 1_714_557_600, now: Date(timeIntervalSince1970: 1_714_557_590)) == "<invalid>")
    }

    @Test(arguments: [
        (Int64(-5), "<invalid>"), (-1, "0s"), (0, "0s"), (119, "119s"), (120, "2m"), (185, "3m5s"), (600, "10m"),
        (10_799, "179m"), (10_800, "3h"), (11_100, "3h5m"), (28_800, "8h"), (172_799, "47h"), (172_800, "2d"),
        (190_800, "2d5h"), (691_200, "8d"), (63_072_000, "2y"), (63_158_400, "2y1d"), (252_288_000, "8y"),
    ])
    func humanDurations(seconds: Int64, expected: String) {
        #expect(TimeText.humanDuration(seconds: seconds) == expected)
    }
}
