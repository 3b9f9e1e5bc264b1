/// Unbuffered writes to standard output and standard error.
public enum StandardStreams {
    public static func writeOutput(_ text: String) { SystemCalls.writeAll(1, Array(text.utf8)) }
    public static func writeError(_ text: String) { SystemCalls.writeAll(2, Array(text.utf8)) }
}
