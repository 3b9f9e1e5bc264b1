import Testing
import Foundation
import KernelSockets

/// ProcessSignals against the real kernel, with SIGUSR1 and SIGUSR2 sent to
/// this test process (SIGTERM would be caught for the rest of the run).
struct ProcessSignalsTests {
    @Test func caughtSignalsArriveInOrderWhicheverThreadTakesThem() async throws {
        let signals = try ProcessSignals([SIGUSR1, SIGUSR2])
        defer { signals.stop() }
        let arrivals = signals.arrivals
        // Process-directed: the kernel picks the thread (here, any of the
        // test runner's), as it does for the kubelet's SIGTERM.
        #expect(kill(getpid(), SIGUSR1) == 0)
        #expect(kill(getpid(), SIGUSR2) == 0)
        let received = try await withThrowingTaskGroup(of: [Int32].self) { group in
            group.addTask {
                var received: [Int32] = []
                for await number in arrivals {
                    received.append(number)
                    if received.count == 2 { break }
                }
                return received
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return []
            }
            let first = try await group.next() ?? []
            group.cancelAll()
            return first
        }
        // Standard signals pending together may be taken in either order.
        #expect(received.sorted() == [SIGUSR1, SIGUSR2])
    }
}
