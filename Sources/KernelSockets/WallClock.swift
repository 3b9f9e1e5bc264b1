/// The system's real-time clock, for log timestamps.
public enum WallClock {
    /// Nanoseconds since the Unix epoch (CLOCK_REALTIME).
    public static func nanosecondsSinceEpoch() -> Int64 { SystemCalls.wallClockNanoseconds() }
}
