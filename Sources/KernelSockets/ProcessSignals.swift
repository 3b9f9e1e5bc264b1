import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Signals that end a process gracefully (SIGTERM, SIGINT), caught by a
/// handler that writes their numbers down a pipe, read here as a stream.
///
/// Why not libdispatch's signal sources: on Linux the main thread of a Swift
/// async program waits in sigsuspend() with every signal unblocked, so it is
/// the one that takes a SIGTERM; libdispatch's handler there forwards it with
/// pthread_kill() to the thread that registered the source, where a signalfd
/// should read it. When the forwarding misses, the signal is lost and the
/// process never stops: the daemon hung on SIGTERM that way in CI. A handler
/// that only writes to a pipe works on whichever thread runs it.
public struct ProcessSignals {
    /// The signals that stop the daemon and the operator gracefully: SIGTERM
    /// (the kubelet's) and SIGINT.
    public static let shutdown = [SIGTERM, SIGINT]

    /// Each caught signal's number, as it arrives.
    public let arrivals: AsyncStream<Int32>
    private let source: any DispatchSourceRead

    /// Catches `numbers` from now on (before this, they keep their default
    /// action) and reads them until `stop()`. Meant for one instance per
    /// process, for its lifetime: the handlers stay installed after `stop()`.
    public init(_ numbers: [Int32]) throws(SystemCallError) {
        let pipe = try SystemCalls.catchSignals(numbers)
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        arrivals = stream
        // Watched by libdispatch's event loop (epoll): no thread of its own.
        source = DispatchSource.makeReadSource(fileDescriptor: pipe, queue: .global())
        source.setEventHandler {
            do {
                for number in try SystemCalls.readCaughtSignals(pipe) { continuation.yield(number) }
            } catch {
                continuation.finish()
            }
        }
        source.setCancelHandler { continuation.finish() }
        source.resume()
    }

    public func stop() { source.cancel() }
}
