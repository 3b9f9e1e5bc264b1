public import Logging

extension RelayEvent {
    /// Logs the event with upstream's message and attribute keys.
    public func log(to logger: Logger) {
        switch self {
        case let .pfReady(interface):
            logger.info("pf is ready", metadata: ["interface": "\(interface)"])
        case let .pfNotReady(interface, reason):
            logger.warning("pf is not ready", metadata: ["interface": "\(interface)", "error": "\(reason)"])
        case let .lacpUp(interface):
            logger.info("lacp is up", metadata: ["interface": "\(interface)"])
        case let .lacpDown(interface, .kernel):
            logger.info("lacp is down", metadata: ["interface": "\(interface)", "reason": "kernel"])
        case let .lacpDown(interface, .lacpduTimeout(silence, timeout)):
            logger.info("lacp is down", metadata: [
                "interface": "\(interface)", "reason": "lacpdu-timeout",
                "silence_ms": .stringConvertible(silence.milliseconds), "timeout_ms": .stringConvertible(timeout.milliseconds),
            ])
        case let .lacpDownConfirmed(interface, after):
            logger.info("lacp down confirmed by the kernel", metadata: [
                "interface": "\(interface)", "after_ms": .stringConvertible(after.milliseconds),
            ])
        case let .lacpduTimeoutSuspended(interface, reason):
            logger.warning("lacpdu timeout suspended", metadata: ["interface": "\(interface)", "reason": "\(reason)"])
        case let .lacpduTimeoutResumed(interface):
            logger.info("lacpdu timeout resumed", metadata: ["interface": "\(interface)"])
        case let .slowLACPRate(interface):
            logger.warning("pf is using slow lacp rate", metadata: ["interface": "\(interface)"])
        case let .noVFs(interface):
            logger.info("pf has no VFs", metadata: ["interface": "\(interface)"])
        case let .vfsDetected(interface, count):
            logger.info("VFs detected on interface", metadata: ["count": .stringConvertible(count), "interface": "\(interface)"])
        case let .vfLinkStateSet(interface, id, state):
            logger.info(
                "vf link state was set",
                metadata: ["id": .stringConvertible(id), "state": "\(state.rawValue)", "interface": "\(interface)"]
            )
        case let .vfLinkStateFailed(interface, id, error):
            logger.error(
                "failed to set vf link state",
                metadata: ["id": .stringConvertible(id), "interface": "\(interface)", "error": "\(error)"]
            )
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
