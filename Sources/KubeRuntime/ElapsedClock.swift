/// Time as the work queue and the leader elector need it: elapsed time since
/// it was made, and sleeping until a point of it. Made from any clock, so
/// they are not generic over one and tests can drive them with a manual clock.
public struct ElapsedClock: Sendable {
    public let elapsed: @Sendable () -> Duration
    public let sleepUntil: @Sendable (Duration) async throws -> Void

    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleepUntil = { try await clock.sleep(until: origin.advanced(by: $0), tolerance: nil) }
    }

    public func sleep(for duration: Duration) async throws {
        try await sleepUntil(elapsed() + duration)
    }

    public static var continuous: ElapsedClock { ElapsedClock(ContinuousClock()) }
}
