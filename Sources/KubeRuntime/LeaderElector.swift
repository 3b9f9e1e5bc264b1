#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONValues
import KubeClient
import KubeModel
public import Logging
import Synchronization

/// Leader election on a coordination.k8s.io/v1 Lease, after client-go's
/// leaderelection: one holder at a time; a holder renews every retry period;
/// a candidate takes over a lease whose record did not change for a whole
/// lease duration (measured on its own clock, so clock skew does not matter).
/// Leading work is cancelled the moment renewal fails past the renew deadline.
/// Renewals and takeovers are timed on an injected clock, so tests can drive time.
public final class LeaderElector: Sendable {
    public struct Configuration: Sendable {
        public var namespace: String
        public var name: String
        public var identity: String
        public var leaseDuration: Duration = .seconds(15)
        public var renewDeadline: Duration = .seconds(10)
        public var retryPeriod: Duration = .seconds(2)

        public init(namespace: String, name: String, identity: String) {
            self.namespace = namespace
            self.name = name
            self.identity = identity
        }
    }

    private let client: any KubeAPI
    private let configuration: Configuration
    private let logger: Logger
    private let clock: ElapsedClock
    private let leading = Mutex(false)

    public init(client: any KubeAPI, configuration: Configuration, logger: Logger, clock: ElapsedClock = .continuous) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
    }

    public var isLeader: Bool { leading.withLock { $0 } }

    /// Campaigns until cancelled; runs `whileLeading` each time leadership is
    /// won and cancels it when leadership is lost. Releases the lease on exit.
    public func run(whileLeading: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            guard await acquire() else { break }
            leading.withLock { $0 = true }
            logger.info("leadership acquired", metadata: ["lease": "\(configuration.namespace)/\(configuration.name)", "identity": "\(configuration.identity)"])
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await whileLeading() }
                await renewUntilLost()
                group.cancelAll()
            }
            leading.withLock { $0 = false }
            if Task.isCancelled {
                // The one unstructured task left: a cancelled task cannot make
                // requests any more, and every child inherits the cancellation.
                // It is awaited at once, so it does not outlive `run`.
                await Task { await self.release() }.value
                break
            }
            logger.warning("leadership lost", metadata: ["lease": "\(configuration.namespace)/\(configuration.name)"])
        }
    }

    // MARK: - Campaign

    private struct Observation {
        var holder: String
        var renewTime: String
        var observedAt: Duration
    }

    /// Returns true once this process holds the lease; false when cancelled.
    private func acquire() async -> Bool {
        var observed: Observation?
        while !Task.isCancelled {
            if await tryAcquireOrRenew(&observed) { return true }
            try? await clock.sleep(for: jittered(configuration.retryPeriod))
        }
        return false
    }

    /// Renews every retry period; returns when renewal failed for longer than the renew deadline, or on cancellation.
    private func renewUntilLost() async {
        var lastRenewal = clock.elapsed()
        var observed: Observation?
        while !Task.isCancelled {
            try? await clock.sleep(for: configuration.retryPeriod)
            if Task.isCancelled { return }
            if await tryAcquireOrRenew(&observed) {
                lastRenewal = clock.elapsed()
            } else if (clock.elapsed() - lastRenewal) > configuration.renewDeadline {
                return
            }
        }
    }

    private func tryAcquireOrRenew(_ observed: inout Observation?) async -> Bool {
        let now = Self.microTime(Date())
        let leaseSeconds = Int64(configuration.leaseDuration.components.seconds)
        let current: JSONValue
        do {
            current = try await client.get(.leases, namespace: configuration.namespace, name: configuration.name)
        } catch let error where error.isNotFound {
            let lease: JSONValue = [
                "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                "metadata": ["name": .string(configuration.name), "namespace": .string(configuration.namespace)],
                "spec": ["holderIdentity": .string(configuration.identity), "leaseDurationSeconds": .int(leaseSeconds),
                         "acquireTime": .string(now), "renewTime": .string(now), "leaseTransitions": 0],
            ]
            do {
                _ = try await client.create(.leases, namespace: configuration.namespace, object: lease)
                return true
            } catch {
                return false
            }
        } catch {
            logger.debug("lease read failed", metadata: ["error": "\(error)"])
            return false
        }

        let spec = current["spec"]
        let holder = spec["holderIdentity"].stringValue ?? ""
        let renewTime = spec["renewTime"].stringValue ?? ""
        if observed?.holder != holder || observed?.renewTime != renewTime {
            observed = Observation(holder: holder, renewTime: renewTime, observedAt: clock.elapsed())
        }
        let heldByMe = holder == configuration.identity
        if !heldByMe && !holder.isEmpty, let observed {
            let duration = Duration.seconds(spec["leaseDurationSeconds"].intValue ?? leaseSeconds)
            if (clock.elapsed() - observed.observedAt) < duration { return false }
        }
        var updated = current
        updated["spec"]["holderIdentity"] = .string(configuration.identity)
        updated["spec"]["leaseDurationSeconds"] = .int(leaseSeconds)
        updated["spec"]["renewTime"] = .string(now)
        if !heldByMe {
            updated["spec"]["acquireTime"] = .string(now)
            updated["spec"]["leaseTransitions"] = .int((spec["leaseTransitions"].intValue ?? 0) + 1)
        }
        do {
            let stored = try await client.update(.leases, object: updated)
            observed = Observation(holder: configuration.identity, renewTime: stored["spec"]["renewTime"].stringValue ?? now, observedAt: clock.elapsed())
            return true
        } catch {
            logger.debug("lease update failed", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Hands the lease over at once on a graceful stop (client-go's ReleaseOnCancel).
    private func release() async {
        guard let current = try? await client.get(.leases, namespace: configuration.namespace, name: configuration.name),
              current["spec"]["holderIdentity"].stringValue == configuration.identity else { return }
        var released = current
        released["spec"]["holderIdentity"] = .string("")
        released["spec"]["leaseDurationSeconds"] = 1
        _ = try? await client.update(.leases, object: released)
        logger.info("leadership released", metadata: ["lease": "\(configuration.namespace)/\(configuration.name)"])
    }

    private func jittered(_ period: Duration) -> Duration {
        period + period * Double.random(in: 0..<0.2)
    }

    /// metav1.MicroTime: RFC 3339 with microseconds.
    static func microTime(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)).replacing("Z", with: "000Z")
    }
}
