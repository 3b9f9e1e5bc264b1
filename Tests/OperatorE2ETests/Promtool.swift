import Foundation
import Testing

/// `promtool check metrics` (Debian's `prometheus` package) on a scrape: the
/// text format, and its lint (HELP on every family, counters ending in
/// `_total`, units in names). Answers nil when promtool is not installed;
/// then it is an error under CI (the environment variable CI set), where the
/// check must run, and a printed skip elsewhere.
func promtoolCheckMetrics(_ exposition: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> ProcessResult? {
    let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
    guard let promtool = directories.map({ "\($0)/promtool" }).first(where: FileManager.default.isExecutableFile(atPath:)) else {
        let reason = "promtool is not installed (apt-get install prometheus): the scrape was not checked"
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record(Comment(rawValue: reason + "; CI is set, so the check is required"), sourceLocation: sourceLocation)
        } else {
            print("skipped: \(reason)")
        }
        return nil
    }
    return try await runProcess(promtool, ["check", "metrics"], stdin: exposition)
}
