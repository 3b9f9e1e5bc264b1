import Foundation
import KubeModel

/// RFC 3339 timestamps as Kubernetes writes them (`2024-05-01T10:00:00Z`) for
/// schemas and printers: Unix seconds, and ages as kube-apiserver's printers
/// render them. Parsing is KubeModel's `Timestamp`.
enum TimeText {
    /// Seconds since the Unix epoch (fractions dropped), or nil if `text` is not RFC 3339.
    static func parse(_ text: String) -> Int64? {
        Timestamp(text)?.seconds
    }

    /// A full-date (`2024-05-01`), as the OpenAPI `date` format.
    static func parseDate(_ text: String) -> Bool {
        parse(text + "T00:00:00Z") != nil
    }

    /// The age of a timestamp (Unix seconds) at `now`, as kube-apiserver's printers show it.
    static func age(since created: Int64, now: Date) -> String {
        let nowSeconds = GoFormat.truncatedInt64(now.timeIntervalSince1970.rounded(.down))
        let (elapsed, overflow) = nowSeconds.subtractingReportingOverflow(created)
        return humanDuration(seconds: overflow ? Int64.max : elapsed)
    }

    /// kubectl's `duration.HumanDuration` (`45s`, `5m3s`, `3h10m`, `4d2h`, `2y30d`).
    static func humanDuration(seconds: Int64) -> String {
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let remainder = seconds % 60
            return remainder == 0 ? "\(minutes)m" : "\(minutes)m\(remainder)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 {
            let remainder = minutes % 60
            return remainder == 0 ? "\(hours)h" : "\(hours)h\(remainder)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let remainder = hours % 24
            return remainder == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(remainder)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let remainder = (hours / 24) % 365
            return remainder == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(remainder)d"
        }
        return "\(hours / 24 / 365)y"
    }
}
