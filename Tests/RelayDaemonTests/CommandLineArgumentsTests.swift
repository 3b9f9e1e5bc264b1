import Testing
@testable import RelayDaemon

/// The hand-written command-line parser: pure, so every form is checked here
/// without running anything.
@Suite("CommandLineArguments")
struct CommandLineArgumentsTests {
    static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        try CommandLineArguments.parse(arguments)
    }

    @Test("run is the default subcommand; no arguments means run with the environment's settings")
    func defaultSubcommand() throws {
        #expect(try Self.parse([]) == .run(Configuration.Flags()))
        #expect(try Self.parse(["run"]) == .run(Configuration.Flags()))
        #expect(try Self.parse(["--interfaces", "ens1f0"]) == .run(Configuration.Flags(interfaces: "ens1f0")))
    }

    @Test("run: every option, as --flag value and as --flag=value, with or without the subcommand's name")
    func runOptions() throws {
        let expected = Invocation.run(Configuration.Flags(interfaces: "ens1f0,ens1f1", pollingInterval: "500", logLevel: "debug", pollOnly: true))
        let separate = ["--interfaces", "ens1f0,ens1f1", "--polling-interval", "500", "--log-level", "debug", "--poll-only"]
        let joined = ["--interfaces=ens1f0,ens1f1", "--polling-interval=500", "--log-level=debug", "--poll-only"]
        #expect(try Self.parse(separate) == expected)
        #expect(try Self.parse(["run"] + separate) == expected)
        #expect(try Self.parse(joined) == expected)
        #expect(try Self.parse(["run"] + joined.reversed()) == expected)
    }

    @Test("run: --lacpdu-timeout takes a value; check does not know it")
    func lacpduTimeout() throws {
        #expect(try Self.parse(["--lacpdu-timeout", "1500"]) == .run(Configuration.Flags(lacpduTimeout: "1500")))
        #expect(try Self.parse(["run", "--lacpdu-timeout=x"]) == .run(Configuration.Flags(lacpduTimeout: "x")))
        #expect(throws: UsageError(problem: "missing value for '--lacpdu-timeout <ms>'", topic: .run)) {
            try Self.parse(["run", "--lacpdu-timeout"])
        }
        #expect(throws: UsageError(problem: "unknown option '--lacpdu-timeout'", topic: .check)) {
            try Self.parse(["check", "--lacpdu-timeout", "1500"])
        }
    }

    @Test("run: --metrics-bind-address takes a value; --version and version print the version")
    func metricsAndVersion() throws {
        #expect(try Self.parse(["--metrics-bind-address", "127.0.0.1:9808"]) == .run(Configuration.Flags(metricsBindAddress: "127.0.0.1:9808")))
        #expect(try Self.parse(["run", "--metrics-bind-address=:9808"]) == .run(Configuration.Flags(metricsBindAddress: ":9808")))
        #expect(throws: UsageError(problem: "unknown option '--metrics-bind-address'", topic: .check)) {
            try Self.parse(["check", "--metrics-bind-address", ":9808"])
        }
        #expect(try Self.parse(["--version"]) == .version)
        #expect(try Self.parse(["version"]) == .version)
        #expect(throws: UsageError(problem: "unexpected argument 'run' after '--version'", topic: .root)) {
            try Self.parse(["--version", "run"])
        }
    }

    @Test("values are passed as given, for the configuration to judge (exit 2 there, not 64 here)")
    func valuesAsGiven() throws {
        #expect(try Self.parse(["--polling-interval", "5"]) == .run(Configuration.Flags(pollingInterval: "5")))
        #expect(try Self.parse(["--log-level=loud"]) == .run(Configuration.Flags(logLevel: "loud")))
        #expect(try Self.parse(["--interfaces="]) == .run(Configuration.Flags(interfaces: "")))
        #expect(try Self.parse(["--interfaces", " , "]) == .run(Configuration.Flags(interfaces: " , ")))
        // Only the first "=" separates; a value may start with a dash in this form.
        #expect(try Self.parse(["--interfaces=a=b"]) == .run(Configuration.Flags(interfaces: "a=b")))
        #expect(try Self.parse(["--polling-interval=-5"]) == .run(Configuration.Flags(pollingInterval: "-5")))
    }

    @Test("an option given twice: the last one wins")
    func lastWins() throws {
        #expect(try Self.parse(["--interfaces", "a", "--interfaces=b"]) == .run(Configuration.Flags(interfaces: "b")))
        #expect(try Self.parse(["--log-level", "info", "--polling-interval", "200", "--log-level", "error", "--polling-interval=300"])
            == .run(Configuration.Flags(pollingInterval: "300", logLevel: "error")))
        #expect(try Self.parse(["--poll-only", "--poll-only"]) == .run(Configuration.Flags(pollOnly: true)))
        #expect(try Self.parse(["check", "--json", "--json"]) == .check(CheckRequest(json: true)))
    }

    @Test("check: names anywhere among the options, --json, the shared settings")
    func check() throws {
        #expect(try Self.parse(["check"]) == .check(CheckRequest()))
        let request = CheckRequest(
            names: ["ens1f0", "ens1f1"],
            settings: Configuration.Flags(interfaces: "ens9f0", pollingInterval: "200", logLevel: "warn"),
            json: true
        )
        #expect(try Self.parse(["check", "ens1f0", "ens1f1", "--json", "--interfaces", "ens9f0", "--polling-interval", "200", "--log-level", "warn"])
            == .check(request))
        #expect(try Self.parse(["check", "--json", "ens1f0", "--interfaces=ens9f0", "ens1f1", "--log-level=warn", "--polling-interval=200"])
            == .check(request))
        // Names given as arguments replace --interfaces.
        #expect(request.flags == Configuration.Flags(interfaces: "ens1f0,ens1f1", pollingInterval: "200", logLevel: "warn"))
        #expect(CheckRequest(settings: Configuration.Flags(interfaces: "ens9f0")).flags.interfaces == "ens9f0")
        // A name that is a subcommand's name is still a name after `check`.
        #expect(try Self.parse(["check", "run", "help"]) == .check(CheckRequest(names: ["run", "help"])))
    }

    @Test("after --, every argument is a name, even one that starts with a dash")
    func terminator() throws {
        #expect(try Self.parse(["check", "--", "-odd", "--json"]) == .check(CheckRequest(names: ["-odd", "--json"])))
        #expect(try Self.parse(["check", "--json", "--", "--help"]) == .check(CheckRequest(names: ["--help"], json: true)))
    }

    @Test(
        "help: -h or --help anywhere, help, help run, help check",
        arguments: [
            (["--help"], HelpTopic.root),
            (["-h"], .root),
            (["help"], .root),
            (["help", "help"], .root),
            (["help", "--help"], .root),
            (["--interfaces", "ens1f0", "--help"], .root),
            (["--bogus", "-h"], .root),
            (["-h", "check"], .root),
            (["help", "run"], .run),
            (["run", "--help"], .run),
            (["run", "-h"], .run),
            (["run", "--interfaces", "--help"], .run),
            (["help", "check"], .check),
            (["check", "--help"], .check),
            (["check", "ens1f0", "-h", "--json"], .check),
            (["check", "--help", "--bogus"], .check),
        ] as [([String], HelpTopic)]
    )
    func help(arguments: [String], topic: HelpTopic) throws {
        #expect(try Self.parse(arguments) == .help(topic))
    }

    @Test(
        "usage errors: one line naming the problem and the help to read",
        arguments: [
            (["--no-such-flag"], "unknown option '--no-such-flag' (see 'pf-status-relay --help')"),
            (["-x"], "unknown option '-x' (see 'pf-status-relay --help')"),
            (["--poll-only=true"], "option '--poll-only' takes no value, got '--poll-only=true' (see 'pf-status-relay --help')"),
            (["run", "--json"], "unknown option '--json' (see 'pf-status-relay run --help')"),
            (["run", "--interfaces"], "missing value for '--interfaces <names>' (see 'pf-status-relay run --help')"),
            (["run", "--interfaces", "--poll-only"], "missing value for '--interfaces <names>' (see 'pf-status-relay run --help')"),
            (["--polling-interval"], "missing value for '--polling-interval <ms>' (see 'pf-status-relay --help')"),
            (["--polling-interval", "-5"], "missing value for '--polling-interval <ms>' (see 'pf-status-relay --help')"),
            (["--interfaces", "a", "--log-level"], "missing value for '--log-level <level>' (see 'pf-status-relay --help')"),
            (["run", "stray-argument"],
             "unexpected argument 'stray-argument': run takes no names, use --interfaces (see 'pf-status-relay run --help')"),
            (["--interfaces", "a", "stray"], "unexpected argument 'stray': run takes no names, use --interfaces (see 'pf-status-relay --help')"),
            (["frob"], "unknown subcommand 'frob' (expected run, check, help, version, completion or man) (see 'pf-status-relay --help')"),
            (["ens1f0", "--interfaces", "ens1f0"], "unknown subcommand 'ens1f0' (expected run, check, help, version, completion or man) (see 'pf-status-relay --help')"),
            (["help", "frob"], "unknown subcommand 'frob' (expected run or check) (see 'pf-status-relay --help')"),
            (["help", "run", "check"], "unexpected argument 'check' after 'help run' (see 'pf-status-relay --help')"),
            (["check", "ens1f0", "--no-such-flag"], "unknown option '--no-such-flag' (see 'pf-status-relay check --help')"),
            (["check", "--poll-only"], "unknown option '--poll-only' (see 'pf-status-relay check --help')"),
            (["check", "--json=yes"], "option '--json' takes no value, got '--json=yes' (see 'pf-status-relay check --help')"),
            (["check", "--interfaces"], "missing value for '--interfaces <names>' (see 'pf-status-relay check --help')"),
            (["check", "--interfaces", "--json"], "missing value for '--interfaces <names>' (see 'pf-status-relay check --help')"),
        ] as [([String], String)]
    )
    func usageErrors(arguments: [String], message: String) {
        #expect {
            _ = try Self.parse(arguments)
        } throws: { error in
            "\(error)" == message && !"\(error)".contains("\n")
        }
    }

    @Test("help texts: each names its options, the variables they override and the defaults; 80 columns but for usage lines")
    func helpTexts() {
        for topic in HelpTopic.allCases {
            let text = topic.text
            #expect(text.hasSuffix("\n"))
            #expect(text.hasPrefix("OVERVIEW: "))
            #expect(text.contains("-h, --help"))
            for line in text.split(separator: "\n") where !line.hasPrefix("USAGE:") {
                #expect(line.count <= 80, "\(topic): \(line)")
            }
        }
        #expect(HelpTopic.root.text.contains("run (default)"))
        #expect(HelpTopic.root.text.contains("check "))
        for topic in [HelpTopic.run, .check] {
            let text = topic.text
            for option in ["--interfaces <names>", "--polling-interval <ms>", "--log-level <level>"] {
                #expect(text.contains("\n  \(option) "), "\(topic) lacks \(option)")
            }
            for variable in [Configuration.interfacesVariable, Configuration.pollingIntervalVariable, Configuration.logLevelVariable] {
                #expect(text.contains("$\(variable)"), "\(topic) lacks \(variable)")
            }
            #expect(text.contains("default \(Configuration.defaultPollingIntervalMilliseconds)"))
            #expect(text.contains("default info"))
        }
        #expect(HelpTopic.run.text.contains("\n  --poll-only "))
        #expect(HelpTopic.run.text.contains("\n  --lacpdu-timeout <ms> "))
        #expect(HelpTopic.run.text.contains("$\(Configuration.lacpduTimeoutVariable)"))
        #expect(!HelpTopic.check.text.contains("--lacpdu-timeout"))
        #expect(!HelpTopic.run.text.contains("--json"))
        #expect(HelpTopic.check.text.contains("\n  --json "))
        #expect(HelpTopic.check.text.contains("Exits 0 when every PF is ready, 1 when one is not."))
        #expect(!HelpTopic.check.text.contains("--poll-only"))
    }
}
