public import ArgumentParser
import FoundationEssentials
import Logging
import Netlink
import RouteNetlink
import KernelSockets
import RelayCore
import SlogLogging

/// `pf-status-relay`: runs the daemon (the default) or checks a node's PFs.
public struct PFStatusRelayCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pf-status-relay",
        abstract: "Relays the LACP state of SR-IOV PFs to the link state of their VFs.",
        subcommands: [Run.self, Check.self],
        defaultSubcommand: Run.self
    )

    public init() {}
}

/// Flags shared by `run` and `check`.
struct SettingsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Comma-separated PFs to monitor (overrides $\(Configuration.interfacesVariable)).", valueName: "names"))
    var interfaces: String?

    @Option(name: .long, help: ArgumentHelp("Milliseconds between polls, at least 100 (overrides $\(Configuration.pollingIntervalVariable); default 1000).", valueName: "ms"))
    var pollingInterval: String?

    @Option(name: .long, help: ArgumentHelp("debug, info, warn or error (overrides $\(Configuration.logLevelVariable); default info).", valueName: "level"))
    var logLevel: String?
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Monitor the PFs and relay their LACP state to their VFs (the default).")

    @OptionGroup var settings: SettingsOptions

    @Flag(name: .long, help: "React to polling only, like upstream (no link events, no LACPDU hints). For comparisons.")
    var pollOnly = false

    func run() async throws {
        let flags = Configuration.Flags(
            interfaces: settings.interfaces, pollingInterval: settings.pollingInterval,
            logLevel: settings.logLevel, pollOnly: pollOnly
        )
        let (configuration, duplicates) = try Configuration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment)
        let logger = makeLogger(level: configuration.logLevel)
        logger.info("Starting application")
        for name in duplicates {
            logger.warning("interface listed more than once, monitoring it once", metadata: ["interface": "\(name)"])
        }
        logger.info("interfaces to monitor", metadata: ["interfaces": .array(configuration.interfaces.map { .string($0) })])
        try await RelayDaemon(configuration: configuration, logger: logger).run()
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tell, for each PF, whether it can be monitored and why, with its bond, LACP states and VFs.",
        discussion: "Exits 0 when every PF is ready, 1 when one is not."
    )

    @Argument(help: "PFs to check (default: --interfaces or $\(Configuration.interfacesVariable)).")
    var names: [String] = []

    @OptionGroup var settings: SettingsOptions

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        var flags = Configuration.Flags(interfaces: settings.interfaces, pollingInterval: settings.pollingInterval, logLevel: settings.logLevel)
        if !names.isEmpty { flags.interfaces = names.joined(separator: ",") }
        let (configuration, _) = try Configuration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment)
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
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(reports)
            StandardStreams.writeOutput(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            StandardStreams.writeOutput(reports.map(\.text).joined())
        }
        if reports.contains(where: { !$0.ready }) { throw ExitCode(1) }
    }
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
public enum CommandLineEntry {
    public static func main(_ arguments: [String]? = nil) async -> Int32 {
        do {
            var command = try PFStatusRelayCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as ConfigurationError {
            StandardStreams.writeError("pf-status-relay: error: \(error)\n")
            return 2
        } catch let error as NetlinkError {
            StandardStreams.writeError("pf-status-relay: error: \(error)\n")
            return 1
        } catch {
            let code = PFStatusRelayCommand.exitCode(for: error)
            if code.isSuccess {
                StandardStreams.writeOutput(PFStatusRelayCommand.fullMessage(for: error) + "\n")
            } else if error is ExitCode {
                // Already reported (e.g. `check` found a PF not ready).
            } else {
                let message = PFStatusRelayCommand.message(for: error)
                    .split(separator: "\n").first.map(String.init) ?? "\(error)"
                StandardStreams.writeError("pf-status-relay: error: \(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message)\n")
            }
            return code.rawValue
        }
    }
}
