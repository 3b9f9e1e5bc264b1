/// Kubernetes name rules (RFC 1123), with the API server's messages.
enum ObjectNames {
    private static let alphanumerics = Set("abcdefghijklmnopqrstuvwxyz0123456789")

    /// A DNS label: lower-case alphanumerics and '-', at most 63, alphanumeric at both ends.
    static func labelProblem(_ name: String) -> String? {
        if name.count > 63 { return "must be no more than 63 characters" }
        guard let first = name.first, let last = name.last,
              alphanumerics.contains(first), alphanumerics.contains(last),
              name.allSatisfy({ alphanumerics.contains($0) || $0 == "-" })
        else {
            return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        }
        return nil
    }

    /// A DNS subdomain: dot-separated labels, at most 253 characters.
    static func subdomainProblem(_ name: String) -> String? {
        if name.count > 253 { return "must be no more than 253 characters" }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = labels.allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            return alphanumerics.contains(first) && alphanumerics.contains(last)
                && label.allSatisfy { alphanumerics.contains($0) || $0 == "-" }
        }
        if !valid {
            return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        }
        return nil
    }

    /// A path segment, what RBAC objects' names need only be (`system:basic-user` is valid).
    static func pathSegmentProblem(_ name: String) -> String? {
        if name == "." || name == ".." { return "may not be '\(name)'" }
        if name.contains("/") { return "may not contain '/'" }
        if name.contains("%") { return "may not contain '%'" }
        return nil
    }

    /// The random suffix of `generateName` (the API server's alphabet: no vowels, no look-alikes).
    static func generatedSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement() ?? "x" })
    }
}
