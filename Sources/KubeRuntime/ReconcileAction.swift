/// What a reconcile asks of the queue once it succeeded (kube-rs's `Action`);
/// failures are thrown, and the error policy (retry with backoff) handles them.
public enum ReconcileAction: Sendable, Hashable {
    /// In sync: nothing to do until something changes.
    case done
    /// Look again after a while (waiting on something not watched, or not computed yet).
    case requeue(after: Duration)
}
