import Logging
import Synchronization
import Testing
@testable import RelayDaemon

/// The daemon's services side by side: a shutdown signal cancels them all
/// and ends the run; a failure or an early end stops the rest with an error.
@Suite struct ServiceRunnerTests {
    final class Count: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var current: Int { value.withLock { $0 } }
    }

    /// Runs until cancelled, counting how it ended.
    struct Waiting: DaemonService {
        let cancelled: Count
        func run() async throws {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            cancelled.add()
        }
    }

    struct Failing: DaemonService {
        struct Broken: Error {}
        func run() async throws { throw Broken() }
    }

    struct Returning: DaemonService {
        func run() async throws {}
    }

    let logger = Logger(label: "test")

    @Test func aShutdownSignalCancelsEveryServiceAndEndsTheRun() async throws {
        let cancelled = Count()
        let (shutdown, signal) = AsyncStream.makeStream(of: Int32.self)
        let waiting = Waiting(cancelled: cancelled)
        async let run: Void = ServiceRunner.run([waiting, waiting, waiting], until: shutdown, logger: logger)
        try await Task.sleep(for: .milliseconds(50))
        #expect(cancelled.current == 0)
        signal.yield(15)
        try await run
        #expect(cancelled.current == 3)
    }

    @Test func aFailingServiceStopsTheOthersAndItsErrorEndsTheRun() async throws {
        let cancelled = Count()
        let (shutdown, _) = AsyncStream.makeStream(of: Int32.self)
        await #expect(throws: Failing.Broken.self) {
            try await ServiceRunner.run([Waiting(cancelled: cancelled), Failing()], until: shutdown, logger: logger)
        }
        #expect(cancelled.current == 1)
    }

    @Test func aServiceEndingOnItsOwnIsAnError() async throws {
        let cancelled = Count()
        let (shutdown, _) = AsyncStream.makeStream(of: Int32.self)
        do {
            try await ServiceRunner.run([Waiting(cancelled: cancelled), Returning()], until: shutdown, logger: logger)
            Issue.record("the run ended without an error")
        } catch let error as ServiceRunner.Failure {
            #expect(error.description == "Returning ended on its own")
        }
        #expect(cancelled.current == 1)
    }
}
