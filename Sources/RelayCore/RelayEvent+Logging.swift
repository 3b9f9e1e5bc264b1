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
        case let .lacpDown(interface):
            logger.info("lacp is down", metadata: ["interface": "\(interface)"])
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
