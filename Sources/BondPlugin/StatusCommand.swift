import CNI

/// STATUS (CNI 1.1.0): ready when the IPAM plugin is there and, if it speaks
/// 1.1.0 itself, says it is ready.
struct StatusCommand {
    let request: PluginRequest
    let system: any PluginSystem

    func run() throws(CNIError) {
        guard let ipamType = request.config.ipamType else { return }
        let ipam = try system.ipam(type: ipamType, for: request)
        if ipam.supportedVersions.contains("1.1.0") {
            try ipam.run(.status)
        }
    }
}

/// GC (CNI 1.1.0): the bond lives and dies with the container's namespace, so
/// only the IPAM plugin may hold something stale; it is asked when it speaks 1.1.0.
struct GarbageCollectCommand {
    let request: PluginRequest
    let system: any PluginSystem

    func run() throws(CNIError) {
        guard let ipamType = request.config.ipamType else { return }
        let ipam = try system.ipam(type: ipamType, for: request)
        if ipam.supportedVersions.contains("1.1.0") {
            try ipam.run(.gc)
        }
    }
}
