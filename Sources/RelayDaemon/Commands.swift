import Logging
import Netlink
import RouteNetlink
import KernelSockets
import RelayCore
import SlogLogging
import BuildInfo

/// `pf-status-relay run`: monitor the PFs and relay their LACP state to their VFs.
func runDaemon(_ flags: Configuration.Flags, environment: [String: String]) async throws {
    let (configuration, duplicates) = try Configuration.resolve(flags: flags, environment: environment)
    let logger = makeLogger(level: configuration.logLevel)
    logger.info("Starting application")
    for name in duplicates {
        logger.warning("interface listed more than once, monitoring it once", metadata: ["interface": "\(name)"])
    }
    logger.info("interfaces to monitor", metadata: ["interfaces": .array(configuration.interfaces.map { .string($0) })])
    if let timeout = configuration.lacpduTimeoutMilliseconds {
        logger.info("lacpdu timeout is on", metadata: ["timeout_ms": .stringConvertible(timeout)])
    }
    try await RelayDaemon(configuration: configuration, logger: logger).run()
}

/// `pf-status-relay check`: tell, for each PF, whether it can be monitored
/// and why. Returns whether every PF is ready.
func runCheck(_ request: CheckRequest, environment: [String: String]) async throws -> Bool {
    let (configuration, _) = try Configuration.resolve(flags: request.flags, environment: environment)
    let access = KernelLinkAccess(links: RouteLinks(connection: NetlinkConnection(transport: try NetlinkSocket())))
    var reports: [CheckReport] = []
    for name in configuration.interfaces {
        do {
            let observation = try await access.observe(pf: name)
            reports.append(CheckReport(interface: name, observation: observation, readiness: Readiness(of: observation)))
        } catch {
            reports.append(CheckReport(interface: name, observation: nil, readiness: .notReady(.unreadable("\(error)"))))
        }
    }
    StandardStreams.writeOutput(request.json ? CheckReport.jsonText(reports) : reports.map(\.text).joined())
    return reports.allSatisfy(\.ready)
}

/// The process-wide logger: slog-compatible JSON lines on standard output.
func makeLogger(level: Logger.Level) -> Logger {
    var logger = Logger(label: "pf-status-relay") { _ in
        SlogJSONLogHandler(
            logLevel: level,
            clock: { WallClock.nanosecondsSinceEpoch() },
            write: { StandardStreams.writeOutput($0) }
        )
    }
    logger.logLevel = level
    return logger
}

/// Runs the command line: errors in input become one line on standard error
/// and a non-zero exit code, never a stack trace.
///
/// Exit codes: 0 done (or help printed); 1 a PF not ready for `check`, or a
/// kernel error; 2 a bad setting; 64 (EX_USAGE) a command line not understood.
public enum CommandLineEntry {
    static let usageExitCode: Int32 = 64

    /// `arguments` without the program name; nil means this process's.
    public static func main(_ arguments: [String]? = nil) async -> Int32 {
        let invocation: Invocation
        do {
            invocation = try CommandLineArguments.parse(arguments ?? Array(CommandLine.arguments.dropFirst()))
        } catch {
            StandardStreams.writeError("pf-status-relay: error: \(error)\n")
            return usageExitCode
        }
        do {
            switch invocation {
            case let .help(topic):
                StandardStreams.writeOutput(topic.text)
                return 0
            case .version:
                StandardStreams.writeOutput("pf-status-relay \(BuildInfo.version)\n")
                return 0
            case let .completion(shell):
                StandardStreams.writeOutput(shell.completionScript)
                return 0
            case .manual:
                StandardStreams.writeOutput(ManPage.text)
                return 0
            case let .run(flags):
                try await runDaemon(flags, environment: ProcessEnvironment.current())
                return 0
            case let .check(request):
                // A PF not ready has been reported on standard output already.
                return try await runCheck(request, environment: ProcessEnvironment.current()) ? 0 : 1
            }
        } catch let error as ConfigurationError {
            StandardStreams.writeError("pf-status-relay: error: \(error)\n")
            return 2
        } catch {
            StandardStreams.writeError("pf-status-relay: error: \(error)\n")
            return 1
        }
    }
}
