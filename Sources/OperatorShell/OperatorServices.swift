import KubeClient
import KubeRuntime
import Logging
import ServiceLifecycle

// One Service per long-running loop of the operator, run in one ServiceGroup
// (OperatorProcess.swift): a loop that fails or ends ends the group, and with
// it the process, instead of leaving a replica that looks alive but is not.

/// The watches feeding the caches and the conflict verdicts computed from
/// them; every replica runs it (the webhook reads the caches).
struct CacheService: Service {
    let controller: MonitorController

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await controller.watch() }
                group.addTask { await controller.conflictLoop() }
            }
        }
    }
}

/// Reconciling, on the leader only when leader election is on.
struct ReconcileService: Service {
    let controller: MonitorController
    let elector: LeaderElector?
    let metrics: OperatorMetrics

    func run() async throws {
        await cancelWhenGracefulShutdown {
            guard let elector else {
                metrics.setLeader(true)
                await controller.reconcileLoop()
                return
            }
            await elector.run {
                metrics.setLeader(true)
                await controller.reconcileLoop()
                metrics.setLeader(false)
            }
        }
    }
}

/// An HTTP endpoint (health, metrics, webhook). Failing to listen, or
/// failing later, throws and so stops the process: Kubernetes restarts it.
struct EndpointService: Service {
    let endpoint: HTTPEndpoint
    let name: String
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await endpoint.run { port in
                    logger.info("listening", metadata: ["endpoint": "\(name)", "port": "\(port)"])
                }
            }
        } catch is CancellationError {
            return
        } catch {
            logger.error("endpoint failed", metadata: ["endpoint": "\(name)", "error": "\(error)"])
            throw error
        }
    }
}
