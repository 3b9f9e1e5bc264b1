/// What a failed ADD must take back, in reverse order of doing it. Each step
/// is best effort: undoing continues past a step that fails, since leaving
/// the rest in place would be worse.
struct UndoLog {
    private var steps: [(description: String, action: () throws -> Void)] = []

    mutating func push(_ description: String, _ action: @escaping () throws -> Void) {
        steps.append((description, action))
    }

    /// Runs every step, newest first; returns the descriptions of those that failed.
    @discardableResult
    mutating func run() -> [String] {
        var failed: [String] = []
        while let step = steps.popLast() {
            do { try step.action() } catch { failed.append("\(step.description): \(error)") }
        }
        return failed
    }

    /// ADD succeeded: nothing is to be undone.
    mutating func discard() { steps.removeAll() }
}
