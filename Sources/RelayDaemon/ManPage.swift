import BuildInfo

/// `pf-status-relay man`: the manual page (roff, man(7) macros), made from
/// `CommandLineOption` and the configuration's own names and limits, so that
/// it documents exactly what the program accepts.
enum ManPage {
    static var text: String {
        var page = [
            ".TH PF-STATUS-RELAY 8 \"\" \"pf-status-relay \(BuildInfo.version)\" \"System Administration\"",
            ".SH NAME",
            "pf-status-relay \\- relay the LACP state of SR-IOV PFs to the link state of their VFs",
            ".SH SYNOPSIS",
            ".B pf-status-relay",
            "[\\fBrun\\fR] [\\fIoptions\\fR]",
            ".br",
            ".B pf-status-relay check",
            "[\\fInames\\fR ...] [\\fIoptions\\fR]",
            ".br",
            ".B pf-status-relay",
            "\\fBhelp\\fR [\\fBrun\\fR|\\fBcheck\\fR] | \\fB\\-\\-version\\fR | \\fBcompletion\\fR \\fBbash\\fR|\\fBzsh\\fR|\\fBfish\\fR | \\fBman\\fR",
            ".SH DESCRIPTION",
            "Each PF is the only port of an 802.3ad bond towards the switch. When the PF's LACP actor and partner",
            "port states are not both Aggregation, Synchronization, Collecting and Distributing (or are Expired or",
            "Defaulted), the daemon sets the PF's VFs whose link state is \\fBauto\\fR to \\fBdisable\\fR, so that a pod's",
            "active-backup bond fails over; when LACP recovers it sets them back to \\fBauto\\fR. VFs set to",
            "\\fBenable\\fR are never touched. A PF that is not up, has no master, or whose master is not an 802.3ad",
            "bond is not monitored. Logs are JSON lines on standard output, in the format of Go's log/slog.",
            ".SH COMMANDS",
            ".TP", ".B run", "Monitor the PFs and relay their LACP state to their VFs (the default).",
            ".TP", ".B check", "Tell, for each PF, whether it can be monitored and why, with its bond, LACP states and VFs.",
            ".TP", ".B help", "Show the help of the program or of a subcommand.",
            ".TP", ".BR version \", \" \\-\\-version", "Show the version.",
            ".TP", ".BI completion \" shell\"", "Print a completion script for bash, zsh or fish.",
            ".TP", ".B man", "Print this page.",
            ".SH OPTIONS",
        ]
        for option in CommandLineOption.allCases {
            let commands = [HelpTopic.run, .check].filter { CommandLineOption.allowed(in: $0).contains(option) }.map { "\($0.command.split(separator: " ").last!)" }
            page.append(".TP")
            page.append(option.valueName.map { ".BI \(roff(option.rawValue)) \" <\($0)>\"" } ?? ".B \(roff(option.rawValue))")
            var text = option.summary
            if let variable = option.variable { text += " Overrides \(variable)." }
            text += " (\(commands.joined(separator: ", ")))"
            page.append(roff(text))
        }
        page += [".TP", ".BR \\-h \", \" \\-\\-help", "Show help information."]
        page.append(".SH ENVIRONMENT")
        for option in CommandLineOption.allCases {
            guard let variable = option.variable else { continue }
            page += [".TP", ".B \(variable)", "As \\fB\(roff(option.rawValue))\\fR; the option wins."]
        }
        page += [
            ".SH EXIT STATUS",
            ".TP", ".B 0", "Done (or help printed); for \\fBcheck\\fR, every PF is ready.",
            ".TP", ".B 1", "For \\fBcheck\\fR, a PF is not ready; otherwise a kernel error.",
            ".TP", ".B 2", "A bad setting (option or environment variable), or the metrics address cannot be listened on.",
            ".TP", ".B 64", "A command line that is not understood.",
            ".SH PRIVILEGES",
            "CAP_NET_ADMIN to set VF link states; CAP_NET_RAW for the LACPDU taps (without it the daemon reacts",
            "to link events and polls only, and \\fB\\-\\-lacpdu\\-timeout\\fR is refused).",
            ".SH SEE ALSO",
            ".BR ip-link (8),",
            ".BR bonding \" (Linux kernel documentation)\"",
        ]
        return page.joined(separator: "\n") + "\n"
    }

    /// Text as roff shows it literally: dashes and backslashes escaped, no
    /// line starting with a control character.
    static func roff(_ text: String) -> String {
        // Character by character: String.replacing would link the regex engine
        // (_StringProcessing, about 1 MB) into the daemon for this one line.
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\e"
            case "-": escaped += "\\-"
            default: escaped.append(character)
            }
        }
        if escaped.hasPrefix(".") || escaped.hasPrefix("'") { escaped = "\\&" + escaped }
        return escaped
    }
}
