import Netlink

/// Runs a blocking receive loop on a thread of its own and hands what it
/// reads to an AsyncStream. The thread sleeps in poll() on the socket and an
/// eventfd; ending the stream signals the eventfd, so the thread stops at once
/// without polling on a timer.
enum BlockingReader {
    /// `stop`: an eventfd; signalling it (or ending the stream) ends the thread,
    /// named `threadName`.
    static func stream<Element: Sendable>(
        threadName: String,
        descriptor: FileDescriptor,
        stop: FileDescriptor,
        buffering: AsyncStream<SocketEvent<Element>>.Continuation.BufferingPolicy,
        read: @escaping @Sendable () throws(SystemCallError) -> Element?
    ) throws(SystemCallError) -> AsyncStream<SocketEvent<Element>> {
        let (stream, continuation) = AsyncStream.makeStream(of: SocketEvent<Element>.self, bufferingPolicy: buffering)
        continuation.onTermination = { _ in SystemCalls.signalEventDescriptor(stop.raw) }
        try SystemCalls.startThread(name: threadName) {
            defer { continuation.finish() }
            while true {
                do throws(SystemCallError) {
                    guard try SystemCalls.waitReadable(descriptor.raw, orStop: stop.raw) else { return }
                } catch {
                    continuation.yield(.failed(error))
                    return
                }
                guard readOnce(read, into: continuation) else { return }
            }
        }
        return stream
    }

    /// Reads once and hands the outcome to `continuation`: the element, an
    /// overrun (ENOBUFS), or the failure; false after a failure (reading is over).
    private static func readOnce<Element: Sendable>(
        _ read: () throws(SystemCallError) -> Element?,
        into continuation: AsyncStream<SocketEvent<Element>>.Continuation
    ) -> Bool {
        do throws(SystemCallError) {
            // nil: the read was handled on the reading thread; nothing to hand over.
            if let element = try read() { continuation.yield(.received(element)) }
        } catch let error where error.errno == Errno.ENOBUFS {
            continuation.yield(.overrun)
        } catch {
            continuation.yield(.failed(error))
            return false
        }
        return true
    }

    /// The same stream, read by `shared`'s thread instead of one of its own.
    /// It ends when the consumer stops iterating, when reading fails, or when
    /// the returned `stop` is called.
    static func stream<Element: Sendable>(
        on shared: SharedReader,
        descriptor: FileDescriptor,
        buffering: AsyncStream<SocketEvent<Element>>.Continuation.BufferingPolicy,
        read: @escaping @Sendable () throws(SystemCallError) -> Element?
    ) throws(SystemCallError) -> (stream: AsyncStream<SocketEvent<Element>>, stop: @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: SocketEvent<Element>.self, bufferingPolicy: buffering)
        let id = try shared.add(descriptor, onReadable: {
            guard readOnce(read, into: continuation) else {
                continuation.finish()
                return false
            }
            return true
        }, onFailure: { error in
            continuation.yield(.failed(error))
            continuation.finish()
        })
        continuation.onTermination = { _ in shared.remove(id) }
        return (stream, { continuation.finish() })
    }
}
