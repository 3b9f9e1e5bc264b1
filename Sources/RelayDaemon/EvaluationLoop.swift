import RelayCore
import ServiceLifecycle

/// Looks at each PF when it is due: on its polling interval, or earlier when
/// an event or a LACPDU asked for it. PFs are evaluated one after another, so
/// a PF's evaluations never overlap.
struct EvaluationLoop: Service {
    let schedule: EvaluationSchedule
    let monitor: Monitor

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await schedule.waitUntilDue()
                for name in schedule.takeDue() where !Task.isCancelled {
                    await monitor.evaluate(name)
                }
            }
        }
    }
}
