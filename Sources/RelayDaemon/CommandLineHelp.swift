/// The help texts, written out by hand in the layout argument parsers
/// commonly print (overview, usage, options), wrapped to 80 columns.
extension HelpTopic {
    var text: String {
        switch self {
        case .root: Self.rootHelp
        case .run: Self.runHelp
        case .check: Self.checkHelp
        }
    }

    private static let settingsHelp = """
          --interfaces <names>    Comma-separated PFs to monitor (overrides
                                  $\(Configuration.interfacesVariable)).
          --polling-interval <ms> Milliseconds between polls, \(Configuration.minimumPollingIntervalMilliseconds) to \(Configuration.maximumPollingIntervalMilliseconds)
                                  (overrides $\(Configuration.pollingIntervalVariable);
                                  default \(Configuration.defaultPollingIntervalMilliseconds)).
          --log-level <level>     debug, info, warn or error (overrides
                                  $\(Configuration.logLevelVariable); default info).
        """

    private static let rootHelp = """
        OVERVIEW: Relays the LACP state of SR-IOV PFs to the link state of their VFs.

        USAGE: pf-status-relay [run] [<options>]
               pf-status-relay check [<names> ...] [<options>]
               pf-status-relay help [<subcommand>]
               pf-status-relay completion bash|zsh|fish
               pf-status-relay man

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          run (default)           Monitor the PFs and relay their LACP state to their
                                  VFs.
          check                   Tell, for each PF, whether it can be monitored and
                                  why, with its bond, LACP states and VFs.
          version                 Show the version (as --version).
          completion <shell>      Print a completion script for bash, zsh or fish.
          man                     Print the manual page (roff).

          See 'pf-status-relay help <subcommand>' for detailed help.

        """

    private static let runHelp = """
        OVERVIEW: Monitor the PFs and relay their LACP state to their VFs (the default).

        USAGE: pf-status-relay [run] [--interfaces <names>] [--polling-interval <ms>] [--log-level <level>] [--poll-only | --lacpdu-timeout <ms>] [--metrics-bind-address <address:port>]

        OPTIONS:
        \(settingsHelp)
          --poll-only             React to polling only, like upstream (no link events,
                                  no LACPDU hints). For comparisons.
          --lacpdu-timeout <ms>   Treat a PF's LACP as down after this long without a
                                  LACPDU, \(Configuration.minimumLACPDUTimeoutMilliseconds) to \(Configuration.maximumLACPDUTimeoutMilliseconds), before the kernel's
                                  own verdict at 3000 ms (overrides
                                  $\(Configuration.lacpduTimeoutVariable); default off).
                                  Fast LACP rate only; needs CAP_NET_RAW.
          --metrics-bind-address <address:port>
                                  Serve /metrics (Prometheus), /healthz and /readyz
                                  over plain HTTP there, e.g. 127.0.0.1:9808 or
                                  :9808 for every IPv4 address (overrides
                                  $\(Configuration.metricsBindAddressVariable);
                                  default off).
          -h, --help              Show help information.

        """

    private static let checkHelp = """
        OVERVIEW: Tell, for each PF, whether it can be monitored and why, with its
        bond, LACP states and VFs.

        Exits 0 when every PF is ready, 1 when one is not.

        USAGE: pf-status-relay check [<names> ...] [--interfaces <names>] [--polling-interval <ms>] [--log-level <level>] [--json]

        ARGUMENTS:
          <names>                 PFs to check (default: --interfaces or
                                  $\(Configuration.interfacesVariable)).

        OPTIONS:
        \(settingsHelp)
          --json                  Print JSON instead of text.
          -h, --help              Show help information.

        """
}
