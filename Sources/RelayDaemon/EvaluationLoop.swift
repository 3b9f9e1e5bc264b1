import RelayCore

/// Looks at each PF when it is due: on its polling interval, or earlier when
/// an event or a LACPDU asked for it. PFs are evaluated one after another, so
/// a PF's evaluations never overlap. What each look found plans the next
/// looks (the schedule) and routes events and taps (the directory).
struct EvaluationLoop: DaemonService {
    let schedule: EvaluationSchedule
    let directory: LinkDirectory
    let monitor: Monitor
    let metrics: RelayMetrics
    let health: DaemonHealth

    func run() async throws {
        var monitor = self.monitor
        while !Task.isCancelled {
            health.loopWaiting()
            await schedule.waitUntilDue()
            let looks = schedule.takeDueLooks()
            for look in looks where !Task.isCancelled {
                guard let evaluation = await monitor.evaluate(look.name) else { continue }
                directory.record(evaluation)
                schedule.record(evaluation)
                metrics.record(look, evaluation)
            }
            health.looked(at: looks.map(\.name))
        }
    }
}
