import CNI

/// STATUS and GC (CNI 1.1.0), which concern only the IPAM plugin: STATUS is
/// ready when the plugin is there and, if it speaks 1.1.0 itself, says so; for
/// GC the bond lives and dies with the container's namespace, so only the IPAM
/// plugin may hold something stale. An IPAM plugin that predates 1.1.0 is not asked.
struct IPAMOnlyCommand {
    let command: CNICommand
    let request: PluginRequest
    let system: any PluginSystem

    func run() throws(CNIError) {
        guard let ipamType = request.config.ipamType else { return }
        let ipam = try system.ipam(type: ipamType, for: request)
        if ipam.supportedVersions.contains("1.1.0") {
            _ = try ipam.run(command)
        }
    }
}
