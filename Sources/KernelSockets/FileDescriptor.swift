/// Owns a file descriptor and closes it exactly once, when the last reference goes.
final class FileDescriptor: Sendable {
    let raw: Int32

    init(_ raw: Int32) { self.raw = raw }

    deinit { SystemCalls.closeDescriptor(raw) }
}
