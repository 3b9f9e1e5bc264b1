/// The CNI_* environment variables of one invocation, validated for its
/// command (spec 1.1.0, "Parameters"). Every problem is error 4 (invalid
/// environment variables), naming the variable.
///
/// - ADD, CHECK: CNI_CONTAINERID, CNI_NETNS and CNI_IFNAME are required.
/// - DEL: CNI_CONTAINERID and CNI_IFNAME are required; CNI_NETNS may be
///   absent or empty (the namespace may be gone already).
/// - VERSION, STATUS, GC: only CNI_COMMAND; the per-container variables are
///   not read (`containerID`, `netns`, `ifname` nil, `args` empty).
///
/// An empty variable counts as absent. CNI_PATH is read for every command.
public struct CNIEnvironment: Equatable, Sendable {
    public var command: CNICommand
    public var containerID: String?
    /// nil when absent or empty.
    public var netns: String?
    public var ifname: String?
    /// CNI_ARGS, "K1=V1;K2=V2".
    public var args: [String: String]
    /// CNI_PATH split at ':', empty entries dropped.
    public var paths: [String]

    public init(_ environment: [String: String]) throws(CNIError) {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        let commands = CNICommand.allCases.map(\.rawValue).joined(separator: ", ")
        guard let commandText = value("CNI_COMMAND") else {
            throw .invalidEnvironment("CNI_COMMAND is not set; expected one of \(commands)")
        }
        guard let command = CNICommand(rawValue: commandText) else {
            throw .invalidEnvironment("CNI_COMMAND \(quoted(commandText)) is not a CNI command; expected one of \(commands)")
        }
        self.command = command
        self.paths = (environment["CNI_PATH"] ?? "").split(separator: ":").map(String.init)
        self.containerID = nil
        self.netns = nil
        self.ifname = nil
        self.args = [:]

        switch command {
        case .add, .check, .del:
            guard let containerID = value("CNI_CONTAINERID") else {
                throw .invalidEnvironment("CNI_CONTAINERID is required for \(command.rawValue)")
            }
            if let problem = Self.containerIDProblem(containerID) {
                throw .invalidEnvironment("CNI_CONTAINERID \(quoted(containerID)) is invalid: \(problem)")
            }
            self.containerID = containerID
            let netns = value("CNI_NETNS")
            if netns == nil, command != .del {
                throw .invalidEnvironment("CNI_NETNS is required for \(command.rawValue)")
            }
            self.netns = netns
            guard let ifname = value("CNI_IFNAME") else {
                throw .invalidEnvironment("CNI_IFNAME is required for \(command.rawValue)")
            }
            if let problem = InterfaceName.problem(with: ifname) {
                throw .invalidEnvironment("CNI_IFNAME is not a valid interface name: \(problem)")
            }
            self.ifname = ifname
            self.args = try Self.parseArgs(environment["CNI_ARGS"] ?? "")
        case .version, .status, .gc:
            break
        }
    }

    /// Spec: an alphanumeric character, then alphanumerics, '_', '.' or '-'.
    static func containerIDProblem(_ id: String) -> String? {
        guard let first = id.unicodeScalars.first, isAlphanumeric(first) else {
            return "it must start with a letter or digit"
        }
        let bad = id.unicodeScalars.first { !(isAlphanumeric($0) || $0 == "_" || $0 == "." || $0 == "-") }
        if let bad {
            return "\(quoted(String(bad))) is not allowed; use letters, digits, '_', '.' and '-'"
        }
        return nil
    }

    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// "K1=V1;K2=V2": a value may contain '=' (split at the first one), empty
    /// pairs (as from a trailing ';') are skipped; a pair without '=', with an
    /// empty key, or a key given twice is an error.
    static func parseArgs(_ text: String) throws(CNIError) -> [String: String] {
        var args: [String: String] = [:]
        for pair in text.split(separator: ";", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "=") else {
                throw .invalidEnvironment("CNI_ARGS: \(quoted(String(pair))) is not KEY=VALUE (CNI_ARGS is \"K1=V1;K2=V2\")")
            }
            let key = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            if key.isEmpty {
                throw .invalidEnvironment("CNI_ARGS: \(quoted(String(pair))) has an empty key (CNI_ARGS is \"K1=V1;K2=V2\")")
            }
            if args[key] != nil {
                throw .invalidEnvironment("CNI_ARGS: key \(quoted(key)) is given more than once")
            }
            args[key] = value
        }
        return args
    }
}
