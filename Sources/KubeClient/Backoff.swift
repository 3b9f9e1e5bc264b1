/// Exponential backoff with jitter: the ceiling for attempt n is
/// `initial * multiplier^(n-1)`, capped at `maximum`; the jitter then picks
/// the delay below it (full: anywhere in [0, ceiling]; equal: in
/// [ceiling/2, ceiling]; none: the ceiling itself).
public struct Backoff: Sendable, Hashable {
    public enum Jitter: Sendable, Hashable {
        case none
        case full
        case equal
    }

    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Double
    public var jitter: Jitter

    public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(30), multiplier: Double = 2,
                jitter: Jitter = .equal)
    {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The delay before retry number `attempt` (1 for the first retry; values
    /// below 1 count as 1).
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }

    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceilingSeconds(attempt: attempt)
        let seconds: Double
        switch jitter {
        case .none: seconds = ceiling
        case .full: seconds = ceiling > 0 ? Double.random(in: 0...ceiling, using: &generator) : 0
        case .equal: seconds = ceiling > 0 ? ceiling / 2 + Double.random(in: 0...(ceiling / 2), using: &generator) : 0
        }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    /// The largest delay attempt `attempt` can get, in seconds.
    func ceilingSeconds(attempt: Int) -> Double {
        let maximum = max(0, Self.seconds(self.maximum))
        var value = max(0, Self.seconds(initial))
        guard value > 0, multiplier > 1 else { return min(value, maximum) }
        for _ in 0..<(max(1, attempt) - 1) {
            value *= multiplier
            if value >= maximum { return maximum }
        }
        return min(value, maximum)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// How the client retries requests that failed with a retryable error
/// (429, 5xx, transport): up to `maxAttempts` attempts in all, waiting the
/// backoff between them, or what a 429 asks for (`Retry-After`, capped at
/// `maximumRetryAfter`).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 means no retries.
    public var maxAttempts: Int
    public var backoff: Backoff
    public var maximumRetryAfter: Duration

    public init(maxAttempts: Int, backoff: Backoff = Backoff(), maximumRetryAfter: Duration = .seconds(60)) {
        self.maxAttempts = max(1, maxAttempts)
        self.backoff = backoff
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// 5 attempts, 200 ms doubling to 10 s with equal jitter.
    public static let `default` = RetryPolicy(maxAttempts: 5, backoff: Backoff(initial: .milliseconds(200), maximum: .seconds(10)))
    /// One attempt: failures are returned at once.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// Whether to retry after `error` on attempt `attempt` (1 for the first), and after how long.
    public func delay(after error: KubeError, attempt: Int) -> Duration? {
        guard error.isRetryable, attempt < maxAttempts else { return nil }
        if error.code == 429 || error.code == 503, let retryAfter = error.retryAfter {
            return min(retryAfter, maximumRetryAfter)
        }
        return backoff.delay(attempt: attempt)
    }
}
