import Foundation
import Testing
@testable import RelayDaemon

/// The completions, the man page and the help texts, all against the one
/// list of options the parser uses.
@Suite("Completions and man page")
struct GeneratedDocsTests {
    /// Runs `script` with bash; its standard output.
    func bash(_ script: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(filePath: "/bin/bash")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("every option is in the help of each subcommand that takes it, and in the man page")
    func everyOptionDocumented() {
        for topic in [HelpTopic.run, .check] {
            for option in CommandLineOption.allowed(in: topic) {
                #expect(topic.text.contains(option.usage), "\(option.rawValue) missing from \(topic.command) --help")
            }
        }
        let page = ManPage.text
        for option in CommandLineOption.allCases {
            #expect(page.contains(ManPage.roff(option.rawValue)), "\(option.rawValue) missing from the man page")
            if let variable = option.variable { #expect(page.contains(".B \(variable)")) }
        }
        #expect(page.hasPrefix(".TH PF-STATUS-RELAY 8 "))
    }

    @Test("the bash completion offers what the parser accepts, per subcommand")
    func bashCompletion() throws {
        let script = Shell.bash.completionScript
        func complete(_ words: [String]) throws -> [String] {
            let line = words.map { "'\($0)'" }.joined(separator: " ")
            let result = try bash("""
                \(script)
                COMP_WORDS=(pf-status-relay \(line)); COMP_CWORD=\(words.count)
                _pf_status_relay; printf '%s\\n' "${COMPREPLY[@]}"
                """)
            #expect(result.status == 0, "\(result.output)")
            return result.output.split(separator: "\n").map(String.init)
        }
        #expect(try complete(["run", "--"]).sorted() == (CommandLineOption.allowed(in: .run).map(\.rawValue) + ["--help"]).sorted())
        #expect(try complete(["check", "--"]).sorted() == (CommandLineOption.allowed(in: .check).map(\.rawValue) + ["--help"]).sorted())
        #expect(try complete(["--log-level", ""]) == ["debug", "info", "warn", "error"])
        #expect(try complete(["completion", ""]) == ["bash", "zsh", "fish"])
        #expect(try complete(["--interfaces", "l"]).contains("lo"))
        #expect(try complete(["c"]) == ["check", "completion"])
        // Every subcommand the completion offers is one the parser knows.
        for word in Shell.subcommands {
            let arguments = word == "completion" ? [word, "bash"] : [word]
            #expect(throws: Never.self) { try CommandLineArguments.parse(arguments) }
        }
    }

    @Test("the zsh script wraps the bash one; the fish script names every option once")
    func zshAndFish() throws {
        #expect(Shell.zsh.completionScript.hasPrefix("#compdef pf-status-relay\n"))
        #expect(Shell.zsh.completionScript.contains("complete -F _pf_status_relay pf-status-relay"))
        let fish = Shell.fish.completionScript
        for option in CommandLineOption.allCases {
            #expect(fish.components(separatedBy: " -l \(option.rawValue.dropFirst(2)) ").count == 2, "\(option.rawValue)")
        }
        #expect(try bash("bash -n <<'EOF'\n\(Shell.bash.completionScript)\nEOF").status == 0)
    }

    @Test("the man page formats without warnings (groff -ww)", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/groff")))
    func manPageFormats() throws {
        let result = try bash("groff -man -ww -z <<'EOF'\n\(ManPage.text)EOF")
        #expect(result.status == 0)
        #expect(result.output.isEmpty, "\(result.output)")
    }
}
