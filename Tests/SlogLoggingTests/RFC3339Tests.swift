import Testing
@testable import SlogLogging

/// Timestamps in Go's time.RFC3339Nano layout (UTC). Expected values were
/// computed independently with Python's datetime.
@Suite("RFC3339")
struct RFC3339Tests {
    static let second: Int64 = 1_000_000_000

    static let fractions: [(Int64, String)] = [
        (1_712_846_538_276_432_090, "2024-04-11T14:42:18.27643209Z"),
        (0, "1970-01-01T00:00:00Z"),
        (1_000_000_000, "1970-01-01T00:00:01Z"),
        (1_500_000_000, "1970-01-01T00:00:01.5Z"),
        (120_000_000, "1970-01-01T00:00:00.12Z"),
        (100, "1970-01-01T00:00:00.0000001Z"),
        (1, "1970-01-01T00:00:00.000000001Z"),
        (999_999_999, "1970-01-01T00:00:00.999999999Z"),
        (1_712_846_538_000_000_000, "2024-04-11T14:42:18Z"),
        (1_712_846_538_000_001_000, "2024-04-11T14:42:18.000001Z"),
    ]

    static let beforeEpoch: [(Int64, String)] = [
        (-1, "1969-12-31T23:59:59.999999999Z"),
        (-500_000_000, "1969-12-31T23:59:59.5Z"),
        (-1_000_000_000, "1969-12-31T23:59:59Z"),
        (-1_000_000_001, "1969-12-31T23:59:58.999999999Z"),
        (-86_400 * 1_000_000_000, "1969-12-31T00:00:00Z"),
        (-86_401 * 1_000_000_000, "1969-12-30T23:59:59Z"),
        (-2_203_891_200 * 1_000_000_000, "1900-03-01T00:00:00Z"),
        (-2_203_977_600 * 1_000_000_000, "1900-02-28T00:00:00Z"),
        // The bounds of Int64 nanoseconds, as Go's time.Unix(0, n) prints them.
        (Int64.min, "1677-09-21T00:12:43.145224192Z"),
        (Int64.max, "2262-04-11T23:47:16.854775807Z"),
    ]

    static let leapDayTable: [(Int64, String)] = [
        (951_825_600, "2000-02-29T12:00:00Z"),  // 2000 is a leap year (divisible by 400)
        (951_782_400 + 86_400, "2000-03-01T00:00:00Z"),
        (1_709_251_199, "2024-02-29T23:59:59Z"),
        (1_709_251_200, "2024-03-01T00:00:00Z"),
        (4_107_456_000, "2100-02-28T00:00:00Z"),  // 2100 is not a leap year
        (4_107_542_400, "2100-03-01T00:00:00Z"),
        (946_684_799, "1999-12-31T23:59:59Z"),
        (946_684_800, "2000-01-01T00:00:00Z"),
        (68_193_015, "1972-02-29T06:30:15Z"),
    ]

    static let civilDates: [(Int64, Int64, Int64, Int64)] = [
        (0, 1970, 1, 1),
        (-1, 1969, 12, 31),
        (-719_468, 0, 3, 1),
        (-719_162, 1, 1, 1),
        (-135_081, 1600, 2, 29),
        (-135_080, 1600, 3, 1),
        (-98_557, 1700, 2, 28),
        (-98_556, 1700, 3, 1),
        (11_017, 2000, 3, 1),
        (157_113, 2400, 2, 29),
        (2_932_896, 9999, 12, 31),
    ]

    @Test(
        "fraction: nanoseconds with trailing zeros trimmed, none on a whole second",
        arguments: RFC3339Tests.fractions
    )
    func fraction(nanoseconds: Int64, expected: String) {
        #expect(RFC3339.format(nanosecondsSinceEpoch: nanoseconds) == expected)
    }

    @Test(
        "dates before 1970 count backwards (floor, not truncation)",
        arguments: RFC3339Tests.beforeEpoch
    )
    func beforeEpochAndBounds(nanoseconds: Int64, expected: String) {
        #expect(RFC3339.format(nanosecondsSinceEpoch: nanoseconds) == expected)
    }

    @Test(
        "leap days and year boundaries",
        arguments: RFC3339Tests.leapDayTable
    )
    func leapDays(seconds: Int64, expected: String) {
        #expect(RFC3339.format(nanosecondsSinceEpoch: seconds * Self.second) == expected)
    }

    @Test(
        "civil date of a day count, far outside the range of Int64 nanoseconds",
        arguments: RFC3339Tests.civilDates
    )
    func civilDate(days: Int64, year: Int64, month: Int64, day: Int64) {
        let date = RFC3339.civilDate(daysSinceEpoch: days)
        #expect(date.year == year)
        #expect(date.month == month)
        #expect(date.day == day)
    }

    @Test("every day from 1900 through 2100 follows the one before it")
    func consecutiveDays() {
        // Walk day by day from 1900-01-01 and compare with a naive calendar.
        func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }
        func daysIn(_ month: Int64, _ year: Int64) -> Int64 {
            switch month {
            case 2: isLeap(year) ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }
        var (year, month, day): (Int64, Int64, Int64) = (1900, 1, 1)
        var mismatches = 0
        for days in Int64(-25_567)...Int64(47_846) {
            let date = RFC3339.civilDate(daysSinceEpoch: days)
            if date != (year, month, day) { mismatches += 1 }
            day += 1
            if day > daysIn(month, year) { day = 1; month += 1 }
            if month > 12 { month = 1; year += 1 }
        }
        #expect(mismatches == 0)
        #expect((year, month, day) == (2101, 1, 1))
    }
}
