/// `pf-status-relay completion bash|zsh|fish`: a completion script made from
/// the subcommands and `CommandLineOption`, so it offers exactly what the
/// parser accepts. PF names are completed from /sys/class/net.
enum Shell: String, CaseIterable, Equatable {
    case bash, zsh, fish

    /// The subcommands, as typed.
    static let subcommands = ["run", "check", "help", "version", "completion", "man"]

    var completionScript: String {
        switch self {
        case .bash: Self.bashScript
        case .zsh: "#compdef pf-status-relay\n# zsh runs the bash completion through bashcompinit.\nautoload -U +X bashcompinit && bashcompinit\n" + Self.bashScript
        case .fish: Self.fishScript
        }
    }

    private static func words(_ topic: HelpTopic) -> String {
        (CommandLineOption.allowed(in: topic).map(\.rawValue) + ["--help"]).joined(separator: " ")
    }

    private static var bashScript: String {
        let valueCases = CommandLineOption.allCases.filter(\.takesValue).map { option in
            let reply = option == .interfaces
                ? "COMPREPLY=($(compgen -W \"$(ls /sys/class/net 2>/dev/null)\" -- \"$cur\"))"
                : option.choices.map { "COMPREPLY=($(compgen -W \"\($0.joined(separator: " "))\" -- \"$cur\"))" } ?? "COMPREPLY=()"
            return "        \(option.rawValue)) \(reply); return ;;"
        }.joined(separator: "\n")
        return """
            # bash completion for pf-status-relay (pf-status-relay completion bash)
            _pf_status_relay() {
                local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} sub= word
                for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
                    case $word in \(subcommands.joined(separator: "|"))) sub=$word; break ;; esac
                done
                case $prev in
            \(valueCases)
                esac
                case $sub in
                    "") COMPREPLY=($(compgen -W "\(subcommands.joined(separator: " ")) \(words(.run)) --version" -- "$cur")) ;;
                    run) COMPREPLY=($(compgen -W "\(words(.run))" -- "$cur")) ;;
                    check) COMPREPLY=($(compgen -W "\(words(.check)) $(ls /sys/class/net 2>/dev/null)" -- "$cur")) ;;
                    help) COMPREPLY=($(compgen -W "run check" -- "$cur")) ;;
                    completion) COMPREPLY=($(compgen -W "\(Shell.allCases.map(\.rawValue).joined(separator: " "))" -- "$cur")) ;;
                    *) COMPREPLY=() ;;
                esac
            }
            complete -F _pf_status_relay pf-status-relay

            """
    }

    private static var fishScript: String {
        var lines = [
            "# fish completion for pf-status-relay (pf-status-relay completion fish)",
            "complete -c pf-status-relay -f",
            "complete -c pf-status-relay -n __fish_use_subcommand -a '\(subcommands.joined(separator: " "))'",
            "complete -c pf-status-relay -n '__fish_seen_subcommand_from completion' -a '\(Shell.allCases.map(\.rawValue).joined(separator: " "))'",
            "complete -c pf-status-relay -n '__fish_seen_subcommand_from help' -a 'run check'",
            "complete -c pf-status-relay -n '__fish_seen_subcommand_from check' -a '(ls /sys/class/net)'",
            "complete -c pf-status-relay -l version -d 'Show the version.'",
            "complete -c pf-status-relay -s h -l help -d 'Show help information.'",
        ]
        for option in CommandLineOption.allCases {
            let runs = CommandLineOption.allowed(in: .run).contains(option)
            let checks = CommandLineOption.allowed(in: .check).contains(option)
            let condition = runs && checks ? "not __fish_seen_subcommand_from help completion"
                : runs ? "not __fish_seen_subcommand_from check help completion" : "__fish_seen_subcommand_from check"
            var line = "complete -c pf-status-relay -n '\(condition)' -l \(option.rawValue.dropFirst(2))"
            if option == .interfaces {
                line += " -r -a '(ls /sys/class/net)'"
            } else if let choices = option.choices {
                line += " -r -a '\(choices.joined(separator: " "))'"
            } else if option.takesValue {
                line += " -r"
            }
            line += " -d '\(option.summary.firstSentence.replacingQuote())'"
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension StringProtocol {
    /// Text for a single-quoted shell word.
    fileprivate func replacingQuote() -> String { split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") }
}

extension String {
    /// Up to the first ". " (or the whole text, without its final period).
    fileprivate var firstSentence: String {
        let characters = Array(self)
        for index in characters.indices.dropLast() where characters[index] == "." && characters[index + 1] == " " {
            return String(characters[..<index])
        }
        return hasSuffix(".") ? String(dropLast()) : self
    }
}
