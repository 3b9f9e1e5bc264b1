public import CoreMetrics
import Prometheus

/// A swift-metrics factory that keeps every metric in one Prometheus registry
/// and renders it in the text exposition format.
///
/// swift-prometheus's own factory registers metrics without HELP text, which
/// `promtool check metrics` reports; this one takes each family's help (and a
/// histogram's buckets) from a catalog, so code that records through the
/// swift-metrics API (`Counter`, `Gauge`, `Timer`, `Meter`) still exports
/// documented families. A metric whose name is not in the catalog is a
/// programming error, caught by the tests that render every family.
public final class PrometheusExporter: MetricsFactory, Sendable {
    /// One metric family: its name as exported and its HELP line.
    public struct Family: Sendable {
        public var name: String
        public var help: String
        /// Upper bounds of a histogram's buckets (a `Timer` or an aggregating `Recorder`).
        public var buckets: [Duration]

        public init(_ name: String, help: String, buckets: [Duration] = []) {
            self.name = name
            self.help = help
            self.buckets = buckets
        }
    }

    public let families: [String: Family]
    private let registry = PrometheusCollectorRegistry()

    public init(families: [Family]) {
        self.families = Dictionary(families.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The registry's current values, in the text format (version 0.0.4).
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        let help = families[label]?.help ?? ""
        return MetricNameDescriptor(metricName: label, unitName: "", helpText: help)
    }

    private func durationBuckets(_ label: String) -> [Duration] {
        let buckets = families[label]?.buckets ?? []
        return buckets.isEmpty ? Self.defaultDurationBuckets : buckets
    }

    /// Prometheus's customary buckets, 5 ms to 10 s.
    public static let defaultDurationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: dimensions) }
        let bounds = durationBuckets(label).map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        return registry.makeValueHistogram(descriptor: descriptor(label), labels: dimensions, buckets: bounds)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: durationBuckets(label))
    }

    public func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    public func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    public func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
