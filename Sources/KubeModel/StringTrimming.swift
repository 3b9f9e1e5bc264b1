extension String {
    /// Without leading and trailing whitespace and newlines (Unicode
    /// White_Space, like Foundation's `.whitespacesAndNewlines`). Shared by the
    /// operator's modules, which link FoundationEssentials only and so have no
    /// CharacterSet, and public for the test tooling's field selectors
    /// (Testing/KubeTestServer, another package).
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
