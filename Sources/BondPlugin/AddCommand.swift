import BondCNI
import CNI
import Netlink
import RouteNetlink

/// ADD: carries out the `AddPlan` step by step (move the links in when they
/// are on the host, create the bond, enslave them, bring it up, put the IPAM
/// allocation on it). Anything done before a failure is undone, so a failed
/// ADD leaves the links as they were.
struct AddCommand {
    let request: PluginRequest
    let system: any PluginSystem

    func run() throws(CNIError) -> CNIResult {
        let netns = try request.requireNetns()
        let bondName = try request.bondName()
        if let position = request.config.links.firstIndex(of: bondName) {
            throw .invalidNetworkConfig(
                "CNI_IFNAME \(quoted(bondName)) is also links[\(position)].name; the bond needs a name of its own")
        }
        let plan = AddPlan(config: request.config, bondName: bondName, netns: netns)
        let podNamespace = try system.namespace(at: plan.netns)
        var progress = AddProgress(plan: plan, pod: try system.network(inNamespace: plan.netns), podNamespace: podNamespace)
        do throws(CNIError) {
            for step in plan.steps {
                try perform(step, progress: &progress)
            }
            let result = try progress.result()
            progress.undo.discard()
            return result
        } catch {
            let leftovers = progress.undo.run()
            guard leftovers.isEmpty else {
                throw CNIError(code: error.code, message: error.message,
                               details: ([error.details, "undoing failed: "] + leftovers).filter { !$0.isEmpty }.joined(separator: "; "))
            }
            throw error
        }
    }

    /// The host's side, opened once and kept for the moves, their undo and the PF lookups.
    private func host(_ progress: inout AddProgress) throws(CNIError) -> HostSide {
        if let opened = progress.host { return opened }
        let host = HostSide(network: try system.hostNetwork(), namespace: try system.hostNamespace())
        progress.host = host
        return host
    }

    private func perform(_ step: AddStep, progress: inout AddProgress) throws(CNIError) {
        switch step {
        case .checkNameIsFree:
            try progress.checkNameIsFree()
        case let .moveIntoContainer(link, position):
            try progress.moveIntoContainer(link, position: position, from: try host(&progress))
        case .findLinks:
            var parents = ParentFunctions(sysfs: system.sysfs, host: try host(&progress).network)
            try progress.findLinks(parents: &parents)
        case .giveDistinctMACs:
            try progress.giveDistinctMACs()
        case .createBond:
            try progress.createBond()
        case let .enslave(link):
            try progress.enslave(link)
        case .setBondUp:
            try progress.setBondUp()
        case let .configureAddresses(ipamType):
            let ipam = try system.ipam(type: ipamType, for: request)
            try progress.configureAddresses(from: ipam)
        }
    }
}
