/// File operations the standard library lacks.
public enum FileSystem {
    /// Moves `source` over `destination` atomically (same file system): a
    /// reader sees the old file or the new one, never a partial one.
    public static func replace(_ destination: String, with source: String) throws(SystemCallError) {
        try SystemCalls.renameFile(source, to: destination)
    }
}
