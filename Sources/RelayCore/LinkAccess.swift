/// What the monitor needs from the kernel. The real implementation speaks
/// rtnetlink; tests use a fake.
public protocol LinkAccess: Sendable {
    /// The PF named `name` with its master, LACP states and VFs; nil when no
    /// such interface exists.
    func observe(pf name: String) async throws -> PFObservation?

    /// Sets the link state of several VFs of `pf` in one request. On error,
    /// some of the changes may have been applied: read the PF again.
    func setVFLinkStates(_ changes: [VFChange], on pf: PFObservation) async throws
}
