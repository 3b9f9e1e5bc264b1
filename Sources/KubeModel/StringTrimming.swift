extension String {
    /// Without leading and trailing whitespace and newlines (Unicode
    /// White_Space, like Foundation's `.whitespacesAndNewlines`). Shared by the
    /// operator's modules, which link FoundationEssentials only and so have no
    /// CharacterSet.
    package func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
