import Logging
import Testing
@testable import RelayDaemon

/// `Configuration.resolve(flags:environment:)`: flags over the environment,
/// and one precise error per bad input.
@Suite("Configuration")
struct ConfigurationTests {
    static let interfacesVariable = "PF_STATUS_RELAY_INTERFACES"
    static let intervalVariable = "PF_STATUS_RELAY_POLLING_INTERVAL"
    static let levelVariable = "PF_STATUS_RELAY_LOG_LEVEL"

    typealias Flags = Configuration.Flags

    @Test("the variable names are the documented ones")
    func variableNames() {
        #expect(Configuration.interfacesVariable == Self.interfacesVariable)
        #expect(Configuration.pollingIntervalVariable == Self.intervalVariable)
        #expect(Configuration.logLevelVariable == Self.levelVariable)
    }

    // MARK: - Bad input

    @Test("no interfaces anywhere: the error names both the variable and the flag")
    func missingInterfaces() {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: Flags(), environment: [:])
        }
        #expect(error == .missingInterfaces)
        #expect(error?.description.contains(Self.interfacesVariable) == true)
        #expect(error?.description.contains("--interfaces") == true)
    }

    @Test("other variables do not stand in for the interfaces")
    func missingInterfacesWithOtherSettings() {
        #expect(throws: ConfigurationError.missingInterfaces) {
            try Configuration.resolve(
                flags: Flags(pollingInterval: "500", logLevel: "debug"),
                environment: [Self.intervalVariable: "500", "INTERFACES": "ens1f0"]
            )
        }
    }

    static let emptyLists: [(Flags, [String: String], String)] = [
        (Flags(), [interfacesVariable: ""], interfacesVariable),
        (Flags(), [interfacesVariable: ",,,"], interfacesVariable),
        (Flags(), [interfacesVariable: " , ,\t, "], interfacesVariable),
        (Flags(), [interfacesVariable: "   "], interfacesVariable),
        (Flags(interfaces: ""), [interfacesVariable: "ens1f0"], "--interfaces"),
        (Flags(interfaces: " , "), [:], "--interfaces"),
    ]

    @Test("a list that names no interface", arguments: ConfigurationTests.emptyLists)
    func emptyInterfaces(flags: Flags, environment: [String: String], source: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: flags, environment: environment)
        }
        #expect(error == .emptyInterfaces(source: source))
        #expect(error?.description.hasPrefix(source + " names no interface") == true)
    }

    static let invalidNames: [(String, String, String)] = [
        // (list given, offending name as reported, problem)
        ("abcdefghijklmnop", "abcdefghijklmnop", "longer than 15 bytes"),
        ("ens1f0,ééééééééé", "ééééééééé", "longer than 15 bytes"),  // 9 characters, 18 bytes
        ("a/b", "a/b", "contains '/' or ':'"),
        ("ens1f0:1", "ens1f0:1", "contains '/' or ':'"),
        (" ens1f0 , eth 0", "eth 0", "contains whitespace or control characters"),
        ("a\tb", "a\tb", "contains whitespace or control characters"),
        ("a\u{7}b", "a\u{7}b", "contains whitespace or control characters"),
        ("a\u{A0}b", "a\u{A0}b", "contains whitespace or control characters"),
        (".", ".", "not a valid name"),
        ("ens1f0,..", "..", "not a valid name"),
    ]

    @Test("names the kernel would refuse, from the environment", arguments: ConfigurationTests.invalidNames)
    func invalidNameFromEnvironment(list: String, name: String, problem: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: Flags(), environment: [Self.interfacesVariable: list])
        }
        #expect(error == .invalidInterface(name: name, source: Self.interfacesVariable, problem: problem))
        #expect(error?.description == "\(Self.interfacesVariable): invalid interface name \"\(name)\": \(problem)")
    }

    @Test("names the kernel would refuse, from the flag", arguments: ConfigurationTests.invalidNames)
    func invalidNameFromFlag(list: String, name: String, problem: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: Flags(interfaces: list), environment: [Self.interfacesVariable: "ens1f0"])
        }
        #expect(error == .invalidInterface(name: name, source: "--interfaces", problem: problem))
        #expect(error?.description.hasPrefix("--interfaces: invalid interface name") == true)
    }

    @Test("15 bytes is the longest valid name; dots inside a name are fine")
    func longestName() throws {
        let (configuration, _) = try Configuration.resolve(
            flags: Flags(), environment: [Self.interfacesVariable: "abcdefghijklmno,a.b,...,-_"]
        )
        #expect(configuration.interfaces == ["abcdefghijklmno", "a.b", "...", "-_"])
    }

    static let badIntervals = ["abc", "-5", "-100", "99", "0", "3600001", "1.5", "1e3", "", " ", "100ms", "99999999999999999999999"]

    @Test("polling intervals out of range or not whole numbers, from the environment", arguments: ConfigurationTests.badIntervals)
    func badIntervalFromEnvironment(value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(
                flags: Flags(), environment: [Self.interfacesVariable: "ens1f0", Self.intervalVariable: value]
            )
        }
        #expect(error == .invalidPollingInterval(value: value, source: Self.intervalVariable))
        #expect(error?.description == "\(Self.intervalVariable) must be a whole number of milliseconds from 100 to 3600000, got \"\(value)\"")
    }

    @Test("polling intervals out of range or not whole numbers, from the flag", arguments: ConfigurationTests.badIntervals)
    func badIntervalFromFlag(value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(
                flags: Flags(interfaces: "ens1f0", pollingInterval: value),
                environment: [Self.intervalVariable: "500"]
            )
        }
        #expect(error == .invalidPollingInterval(value: value, source: "--polling-interval"))
        #expect(error?.description.hasPrefix("--polling-interval must be") == true)
    }

    static let badLevels = ["verbose", "", "trace", "critical", "warnings", "inf o", "0"]

    @Test("unknown log levels", arguments: ConfigurationTests.badLevels)
    func badLogLevel(value: String) {
        let fromEnvironment = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: Flags(interfaces: "ens1f0"), environment: [Self.levelVariable: value])
        }
        #expect(fromEnvironment == .invalidLogLevel(value: value, source: Self.levelVariable))
        #expect(fromEnvironment?.description == "\(Self.levelVariable) must be one of debug, info, warn, error; got \"\(value)\"")

        let fromFlag = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: Flags(interfaces: "ens1f0", logLevel: value), environment: [Self.levelVariable: "debug"])
        }
        #expect(fromFlag == .invalidLogLevel(value: value, source: "--log-level"))
        #expect(fromFlag?.description.hasPrefix("--log-level must be one of") == true)
    }

    @Test("a bad flag is reported even when the environment holds a good value, and vice versa")
    func flagIsCheckedNotEnvironment() throws {
        // A good flag hides a bad variable: the variable is not read at all.
        let (configuration, _) = try Configuration.resolve(
            flags: Flags(interfaces: "ens1f0", pollingInterval: "250", logLevel: "error"),
            environment: [Self.interfacesVariable: "a/b", Self.intervalVariable: "nope", Self.levelVariable: "loud"]
        )
        #expect(configuration == Configuration(interfaces: ["ens1f0"], pollingIntervalMilliseconds: 250, logLevel: .error))
    }

    // MARK: - Good input

    @Test("entries trimmed, empty ones dropped, duplicates dropped and reported, order kept")
    func interfaceList() throws {
        let (configuration, duplicates) = try Configuration.resolve(
            flags: Flags(),
            environment: [Self.interfacesVariable: " ens1f1 , ,ens1f0,,\tens1f1,ens2f0 ,ens1f0, "]
        )
        #expect(configuration.interfaces == ["ens1f1", "ens1f0", "ens2f0"])
        #expect(duplicates == ["ens1f1", "ens1f0"])
    }

    @Test("an interface given three times is reported once")
    func repeatedDuplicateReportedOnce() throws {
        let (configuration, duplicates) = try Configuration.resolve(flags: Flags(interfaces: "a,a,a"), environment: [:])
        #expect(configuration.interfaces == ["a"])
        #expect(duplicates == ["a"])
    }

    @Test("defaults: 1000 ms, info, polling and events both")
    func defaults() throws {
        let (configuration, duplicates) = try Configuration.resolve(
            flags: Flags(), environment: [Self.interfacesVariable: "ens1f0"]
        )
        #expect(configuration == Configuration(interfaces: ["ens1f0"], pollingIntervalMilliseconds: 1000, logLevel: .info, pollOnly: false))
        #expect(configuration.pollingInterval == .milliseconds(1000))
        #expect(Configuration.defaultPollingIntervalMilliseconds == 1000)
        #expect(duplicates.isEmpty)
    }

    @Test(
        "polling intervals in range, trimmed",
        arguments: [("100", 100), ("3600000", 3_600_000), (" 250 ", 250), ("1000", 1000), ("+500", 500), ("0100", 100)]
    )
    func goodInterval(value: String, milliseconds: Int) throws {
        let (configuration, _) = try Configuration.resolve(
            flags: Flags(), environment: [Self.interfacesVariable: "ens1f0", Self.intervalVariable: value]
        )
        #expect(configuration.pollingIntervalMilliseconds == milliseconds)
        #expect(configuration.pollingInterval == .milliseconds(milliseconds))
    }

    @Test(
        "log levels, case and surrounding spaces ignored",
        arguments: [
            ("debug", Logger.Level.debug), ("info", .info), ("warn", .warning), ("warning", .warning),
            ("error", .error), ("WARN", .warning), (" Warning ", .warning), ("DEBUG", .debug), ("Info", .info),
        ]
    )
    func goodLogLevel(value: String, level: Logger.Level) throws {
        let fromEnvironment = try Configuration.resolve(
            flags: Flags(), environment: [Self.interfacesVariable: "ens1f0", Self.levelVariable: value]
        )
        #expect(fromEnvironment.configuration.logLevel == level)
        let fromFlag = try Configuration.resolve(flags: Flags(interfaces: "ens1f0", logLevel: value), environment: [:])
        #expect(fromFlag.configuration.logLevel == level)
    }

    @Test("flags win over the environment, setting by setting")
    func flagsWin() throws {
        let environment = [Self.interfacesVariable: "env0,env1", Self.intervalVariable: "300", Self.levelVariable: "debug"]

        let none = try Configuration.resolve(flags: Flags(), environment: environment).configuration
        #expect(none == Configuration(interfaces: ["env0", "env1"], pollingIntervalMilliseconds: 300, logLevel: .debug))

        let interfaces = try Configuration.resolve(flags: Flags(interfaces: "flag0"), environment: environment).configuration
        #expect(interfaces == Configuration(interfaces: ["flag0"], pollingIntervalMilliseconds: 300, logLevel: .debug))

        let interval = try Configuration.resolve(flags: Flags(pollingInterval: "200"), environment: environment).configuration
        #expect(interval == Configuration(interfaces: ["env0", "env1"], pollingIntervalMilliseconds: 200, logLevel: .debug))

        let level = try Configuration.resolve(flags: Flags(logLevel: "error"), environment: environment).configuration
        #expect(level == Configuration(interfaces: ["env0", "env1"], pollingIntervalMilliseconds: 300, logLevel: .error))

        let all = try Configuration.resolve(
            flags: Flags(interfaces: "flag0", pollingInterval: "200", logLevel: "warn", pollOnly: true), environment: environment
        ).configuration
        #expect(all == Configuration(interfaces: ["flag0"], pollingIntervalMilliseconds: 200, logLevel: .warning, pollOnly: true))
    }

    @Test("duplicates come from the list that was used")
    func duplicatesFromFlag() throws {
        let (configuration, duplicates) = try Configuration.resolve(
            flags: Flags(interfaces: "a,b,a"), environment: [Self.interfacesVariable: "c,c"]
        )
        #expect(configuration.interfaces == ["a", "b"])
        #expect(duplicates == ["a"])
    }

    // MARK: - The LACPDU timeout

    @Test("the LACPDU timeout: off unless set; flag over variable; an empty value is off")
    func lacpduTimeoutSources() throws {
        let base = [Self.interfacesVariable: "ens1f0"]
        #expect(try Configuration.resolve(flags: Flags(), environment: base).configuration.lacpduTimeout == nil)
        var environment = base
        environment[Configuration.lacpduTimeoutVariable] = " 1500 "
        #expect(try Configuration.resolve(flags: Flags(), environment: environment).configuration.lacpduTimeout == .milliseconds(1500))
        #expect(try Configuration.resolve(flags: Flags(lacpduTimeout: "1100"), environment: environment).configuration.lacpduTimeoutMilliseconds == 1100)
        environment[Configuration.lacpduTimeoutVariable] = ""
        #expect(try Configuration.resolve(flags: Flags(), environment: environment).configuration.lacpduTimeout == nil)
        #expect(Configuration.lacpduTimeoutVariable == "PF_STATUS_RELAY_LACPDU_TIMEOUT")
    }

    @Test("the LACPDU timeout: out of range or not a number, named with its source and range", arguments: ["1099", "3000", "1.5", "-1500", "soon"])
    func lacpduTimeoutOutOfRange(value: String) {
        let fromFlag = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: Flags(interfaces: "a", lacpduTimeout: value), environment: [:])
        }
        #expect(fromFlag == .invalidLACPDUTimeout(value: value, source: "--lacpdu-timeout"))
        #expect(fromFlag?.description.contains("from 1100 to 2999") == true)
        let fromVariable = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: Flags(interfaces: "a"), environment: [Configuration.lacpduTimeoutVariable: value])
        }
        #expect(fromVariable == .invalidLACPDUTimeout(value: value, source: Configuration.lacpduTimeoutVariable))
    }

    @Test("the LACPDU timeout needs the taps that --poll-only turns off")
    func lacpduTimeoutWithPollOnly() {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: Flags(interfaces: "a", pollOnly: true), environment: [Configuration.lacpduTimeoutVariable: "1500"])
        }
        #expect(error == .lacpduTimeoutWithPollOnly(source: Configuration.lacpduTimeoutVariable))
        #expect(error?.description.contains("--poll-only") == true)
    }

    @Test("the metrics address: off unless set; flag over variable; :PORT is every IPv4 address; IPv6 in brackets")
    func metricsBindAddress() throws {
        func resolve(_ flag: String?, _ variable: String? = nil) throws -> BindAddress? {
            var environment = ["PF_STATUS_RELAY_INTERFACES": "a"]
            environment["PF_STATUS_RELAY_METRICS_BIND_ADDRESS"] = variable
            return try Configuration.resolve(flags: Flags(metricsBindAddress: flag), environment: environment).configuration.metricsBindAddress
        }
        #expect(try resolve(nil) == nil)
        #expect(try resolve(nil, "") == nil)
        #expect(try resolve(nil, "127.0.0.1:9808") == BindAddress(host: "127.0.0.1", port: 9808))
        #expect(try resolve("10.0.0.2:9100", "127.0.0.1:9808") == BindAddress(host: "10.0.0.2", port: 9100))
        #expect(try resolve(":9808") == BindAddress(host: "0.0.0.0", port: 9808))
        #expect(try resolve("[::1]:9808") == BindAddress(host: "::1", port: 9808))
        #expect(try resolve("[::1]:9808")?.description == "[::1]:9808")
        // As the operator renders $(HOST_IP):PORT on an IPv6 node: the port follows the last colon.
        #expect(try resolve("fd00::1:9808") == BindAddress(host: "fd00::1", port: 9808))
        #expect(Configuration.metricsBindAddressVariable == "PF_STATUS_RELAY_METRICS_BIND_ADDRESS")
    }

    @Test("the metrics address: refused with what is wrong and where it came from", arguments: [
        ("9808", "no port"), ("127.0.0.1:", "the port must be a number from 1 to 65535"),
        ("127.0.0.1:0", "the port must be a number from 1 to 65535"), ("127.0.0.1:70000", "the port must be a number from 1 to 65535"),
        ("localhost:9808", "\"localhost\" is not an IP address"), ("[::1:9808", "\"[::1\" is not an IP address"),
        ("300.1.1.1:9808", "\"300.1.1.1\" is not an IP address"),
    ])
    func metricsBindAddressRefused(value: String, problem: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: Flags(interfaces: "a"), environment: [Configuration.metricsBindAddressVariable: value])
        }
        #expect(error == .invalidMetricsBindAddress(value: value, source: Configuration.metricsBindAddressVariable, problem: problem))
        #expect(error?.description.hasPrefix("PF_STATUS_RELAY_METRICS_BIND_ADDRESS must be ADDRESS:PORT") == true)
    }
}
