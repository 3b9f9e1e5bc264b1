import Testing
@testable import RelayDaemon

/// Exit codes of the command line. Every case here fails before a socket is
/// opened: bad input is rejected while parsing or resolving the configuration.
/// (They write to the real standard output and error.)
@Suite("CommandLineEntry")
struct CommandLineEntryTests {
    @Test(
        "bad settings exit 2 (a ConfigurationError, before any socket)",
        arguments: [
            ["check", "ens1f0", "--polling-interval", "5"],
            ["check", "--interfaces", "ens1f0", "--polling-interval", "5"],
            ["check", "--interfaces", "ens1f0", "--polling-interval", "1.5"],
            ["check", "ens1f0", "--log-level", "loud"],
            ["check", "a/b"],
            ["check", "--interfaces", " , "],
            ["run", "--interfaces", "ens1f0", "--polling-interval", "99"],
            ["run", "--interfaces", "ens1f0", "--log-level", "verbose"],
            ["--interfaces", "abcdefghijklmnop"],  // `run` is the default subcommand
            ["run", "--interfaces", "ens1f0", "--lacpdu-timeout", "1000"],
            ["run", "--interfaces", "ens1f0", "--lacpdu-timeout", "3000"],
            ["run", "--interfaces", "ens1f0", "--lacpdu-timeout", "1500", "--poll-only"],
        ]
    )
    func badSettings(arguments: [String]) async {
        #expect(await CommandLineEntry.main(arguments) == 2)
    }

    @Test(
        "unknown flags and arguments exit 64 (EX_USAGE)",
        arguments: [
            ["--no-such-flag"],
            ["check", "ens1f0", "--no-such-flag"],
            ["run", "--interfaces"],  // missing value
            ["run", "stray-argument"],
            ["frob"],  // unknown subcommand
            ["help", "frob"],
            ["check", "--json=yes"],  // a flag given a value
            ["run", "--json"],  // an option of the other subcommand
        ]
    )
    func usageErrors(arguments: [String]) async {
        #expect(await CommandLineEntry.main(arguments) == 64)
    }

    @Test(
        "help exits 0",
        arguments: [["--help"], ["-h"], ["check", "--help"], ["run", "--help"], ["help"], ["help", "run"], ["help", "check"], ["check", "--bogus", "-h"]]
    )
    func help(arguments: [String]) async {
        #expect(await CommandLineEntry.main(arguments) == 0)
    }
}
