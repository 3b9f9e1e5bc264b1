import Logging
@testable import OperatorShell
import ServiceLifecycle
import Synchronization
import Testing

/// The services the process is made of: a loop that fails ends the group
/// (and so the process) instead of being swallowed.
@Suite struct OperatorServicesTests {
    final class Flag: Sendable {
        private let value = Atomic(false)
        func set() { value.store(true, ordering: .relaxed) }
        var isSet: Bool { value.load(ordering: .relaxed) }
    }

    /// Runs until cancelled, then records that it was.
    struct UntilCancelled: Service {
        let cancelled: Flag

        func run() async throws {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(60)) }
            cancelled.set()
        }
    }

    @Test func anEndpointThatCannotListenEndsTheGroupAndStopsTheOtherServices() async throws {
        let logger = Logger(label: "test")
        let occupied = HTTPEndpoint(host: "127.0.0.1", port: 0, tls: nil, logger: logger) { _ in .text(200, "ok") }
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { holder in
            holder.addTask { try await occupied.run { bound.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let taken = try #require(await iterator.next())

            let cancelled = Flag()
            let clash = HTTPEndpoint(host: "127.0.0.1", port: taken, tls: nil, logger: logger) { _ in .text(200, "ok") }
            let group = ServiceGroup(
                services: [UntilCancelled(cancelled: cancelled), EndpointService(endpoint: clash, name: "health", logger: logger)],
                gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
            await #expect(throws: (any Error).self) { try await group.run() }
            #expect(cancelled.isSet, "the other service was stopped")
            holder.cancelAll()
        }
    }
}
