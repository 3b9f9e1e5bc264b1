extension Duration {
    /// Whole nanoseconds, as swift-metrics' `Timer` takes them; saturated
    /// beyond Int64 (292 years), which no reconcile or queue wait reaches.
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let limit = Int64.max / 1_000_000_000 - 1
        guard seconds < limit else { return .max }
        guard seconds > -limit else { return .min }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
