import KubeClient
import KubeModel
import KubeRuntime
import OperatorCore

extension MonitorController {
    /// Creates, recreates (selector changed) or updates the monitor's DaemonSet; answers it as stored,
    /// or nil when it exists but the cache has not seen it yet (requeue: the watch brings it).
    func ensureDaemonSet(_ desired: DaemonSet, actual: DaemonSet?, of monitor: PFLACPMonitor) async throws(KubeError) -> DaemonSet? {
        let namespace = monitor.metadata.namespace
        try await ensureServiceAccount(namespace: namespace)
        guard let actual else {
            do {
                let created = try await create(desired, namespace: namespace)
                await event(for: monitor, reason: "Created", message: "created DaemonSet \(namespace)/\(created.metadata.name)", type: .normal)
                return created
            } catch let error where error.isAlreadyExists {
                // The cache lags behind the API server. Waiting for the watch,
                // rather than reading the DaemonSet, keeps `get` out of the RBAC.
                return nil
            }
        }
        if DaemonSetDrift.requiresRecreation(desired: desired, actual: actual) {
            _ = try await api.delete(.daemonSets, namespace: namespace, name: actual.metadata.name, propagationPolicy: "Background")
            daemonSetCache.apply(.deleted(actual.json))
            let created = try await create(desired, namespace: namespace)
            await event(for: monitor, reason: "Recreated",
                        message: "recreated DaemonSet \(namespace)/\(created.metadata.name) (its selector changed)", type: .normal)
            return created
        }
        guard DaemonSetDrift.needsUpdate(desired: desired, actual: actual) else { return actual }
        let fields = DaemonSetDrift.driftedFields(desired: desired, actual: actual)
        let stored = try await api.update(.daemonSets, object: DaemonSetDrift.merged(desired: desired, into: actual).json)
        daemonSetCache.applyOwnWrite(stored)
        let updated = DaemonSet(json: stored)
        await event(for: monitor, reason: "Updated",
                    message: "updated DaemonSet \(namespace)/\(updated.metadata.name): \(fields.joined(separator: ", "))", type: .normal)
        return updated
    }

    private func create(_ daemonSet: DaemonSet, namespace: String) async throws(KubeError) -> DaemonSet {
        let created = try await api.create(.daemonSets, namespace: namespace, object: daemonSet.json)
        daemonSetCache.applyOwnWrite(created)
        return DaemonSet(json: created)
    }

    /// Deletes the DaemonSet (gone already is fine); answers nil, the DaemonSet the monitor now has.
    func removeDaemonSet(_ daemonSet: DaemonSet?, of monitor: PFLACPMonitor, reason: String) async throws(KubeError) -> DaemonSet? {
        guard let daemonSet else { return nil }
        let namespace = daemonSet.metadata.namespace
        let name = daemonSet.metadata.name
        do {
            _ = try await api.delete(.daemonSets, namespace: namespace, name: name, propagationPolicy: "Background")
        } catch let error where error.isNotFound {}
        daemonSetCache.apply(.deleted(daemonSet.json))
        let why = reason == "Conflict" ? "the monitor is in conflict" : "the monitor's spec is invalid"
        await event(for: monitor, reason: "DaemonSetRemoved", message: "removed DaemonSet \(namespace)/\(name): \(why)", type: .warning)
        return nil
    }

    /// The daemon's ServiceAccount, created once per namespace (existing is fine).
    private func ensureServiceAccount(namespace: String) async throws(KubeError) {
        if knownServiceAccounts.withLock({ $0.contains(namespace) }) { return }
        let account = DaemonSetBuilder.serviceAccount(namespace: namespace, settings: settings)
        do {
            _ = try await api.create(.serviceAccounts, namespace: namespace, object: account)
        } catch {
            guard error.isAlreadyExists else { throw error }
        }
        _ = knownServiceAccounts.withLock { $0.insert(namespace) }
    }

    /// Records an Event (best effort: a lost Event must not fail the reconcile) and logs it.
    func event(for monitor: PFLACPMonitor, reason: String, message: String, type: EventType) async {
        let namespace = monitor.metadata.namespace
        let event = EventBuilder.event(for: monitor, reason: reason, message: message, type: type, now: timestamp(), instance: identity)
        do {
            _ = try await api.create(.events, namespace: namespace, object: event)
        } catch {
            logger.debug("event not recorded", metadata: ["reason": "\(reason)", "error": "\(error)"])
        }
        logger.info("\(message)", metadata: ["monitor": "\(namespace)/\(monitor.metadata.name)", "reason": "\(reason)"])
    }
}
