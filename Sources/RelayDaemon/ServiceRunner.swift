import KernelSockets
import Logging

/// One long-running part of the daemon: it runs until its task is cancelled.
protocol DaemonService: Sendable {
    func run() async throws
}

/// Runs the daemon's services side by side until SIGTERM or SIGINT, then
/// cancels them and waits for them to end. A service that fails, or ends on
/// its own, stops the others and the daemon with an error.
///
/// The few lines of swift-service-lifecycle's ServiceGroup the daemon used:
/// without it (and swift-async-algorithms and swift-collections, which it
/// brings) the daemon's binary is about 1.5 MB smaller.
enum ServiceRunner {
    enum Failure: Error, CustomStringConvertible {
        case finishedUnexpectedly(service: String)

        var description: String {
            switch self {
            case let .finishedUnexpectedly(service): "\(service) ended on its own"
            }
        }
    }

    private enum Outcome: Sendable {
        case signal(Int32)
        case finished(String)
        case failed(any Error)
    }

    /// Until SIGTERM or SIGINT.
    static func run(_ services: [any DaemonService], logger: Logger) async throws {
        let signals = try ProcessSignals(ProcessSignals.shutdown)
        defer { signals.stop() }
        try await run(services, until: signals.arrivals, logger: logger)
    }

    /// Until `shutdown` yields (a signal's number).
    static func run(_ services: [any DaemonService], until shutdown: AsyncStream<Int32>, logger: Logger) async throws {
        let received = shutdown
        let first = await withTaskGroup(of: Outcome?.self) { group in
            for service in services {
                let name = String(describing: type(of: service))
                group.addTask {
                    do {
                        try await service.run()
                        return .finished(name)
                    } catch {
                        return .failed(error)
                    }
                }
            }
            group.addTask {
                for await signal in received { return .signal(signal) }
                return nil  // cancelled
            }
            var first: Outcome?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            // Whatever the others end with once cancelled is part of stopping.
            while await group.next() != nil {}
            return first
        }
        switch first {
        case let .signal(signal):
            logger.debug("shutting down", metadata: ["signal": "\(signal)"])
        case let .finished(name):
            throw Failure.finishedUnexpectedly(service: name)
        case let .failed(error):
            throw error
        case nil:
            break
        }
    }
}
