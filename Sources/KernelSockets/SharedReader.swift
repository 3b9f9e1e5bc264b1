import Synchronization

/// One thread that waits in poll() on every socket registered with it and
/// reads each one as it becomes readable.
///
/// The daemon's sockets (a LACPDU tap per PF, the netlink subscription)
/// share one: one thread instead of one per socket, and a frame costs the
/// same single wake-up. What is done on the thread (`onReadable`) must be
/// short: the other sockets wait meanwhile. The thread starts with the first
/// socket and ends when the last one is removed.
public final class SharedReader: Sendable {
    /// A registered socket: read with `onReadable` while it returns true;
    /// `onFailure` when the thread cannot wait for it any more.
    struct Entry: Sendable {
        let descriptor: FileDescriptor
        let onReadable: @Sendable () -> Bool
        let onFailure: @Sendable (SystemCallError) -> Void
    }

    struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        var running = false
    }

    let threadName: String
    /// Signalled when the set of sockets changes, so the thread polls the new set.
    private let changed: FileDescriptor
    private let state = Mutex(State())

    /// `threadName` (up to 15 bytes) names the thread in /proc/PID/task/*/comm.
    public init(threadName: String) throws(SystemCallError) {
        self.threadName = threadName
        changed = FileDescriptor(try SystemCalls.makeEventDescriptor())
    }

    /// How many sockets are registered.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Registers `descriptor`: `onReadable` runs on the thread each time it is
    /// readable, until it returns false or `remove` is called; `onFailure` if
    /// poll() itself fails (then it is removed). An id for `remove`.
    func add(
        _ descriptor: FileDescriptor,
        onReadable: @escaping @Sendable () -> Bool,
        onFailure: @escaping @Sendable (SystemCallError) -> Void
    ) throws(SystemCallError) -> Int {
        let (id, start) = state.withLock { state in
            state.nextID += 1
            state.entries[state.nextID] = Entry(descriptor: descriptor, onReadable: onReadable, onFailure: onFailure)
            defer { state.running = true }
            return (state.nextID, !state.running)
        }
        if start {
            do {
                try SystemCalls.startThread(name: threadName) { [self] in run() }
            } catch {
                state.withLock { state in
                    state.entries[id] = nil
                    state.running = false
                }
                throw error
            }
        } else {
            SystemCalls.signalEventDescriptor(changed.raw)
        }
        return id
    }

    /// Stops reading the socket `id` (nothing when it is already gone).
    func remove(_ id: Int) {
        let removed = state.withLock { $0.entries.removeValue(forKey: id) != nil }
        if removed { SystemCalls.signalEventDescriptor(changed.raw) }
    }

    private func run() {
        while true {
            // The snapshot keeps each descriptor open while it is polled, even
            // if it is removed (and its owner gone) meanwhile.
            let snapshot: [(id: Int, entry: Entry)]? = state.withLock { state in
                guard !state.entries.isEmpty else {
                    state.running = false
                    return nil
                }
                return state.entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            }
            guard let snapshot else { return }
            let ready: [Bool]
            do {
                ready = try SystemCalls.waitReadable([changed.raw] + snapshot.map(\.entry.descriptor.raw))
            } catch {
                // poll() fails only for a bad argument or no memory: every owner
                // is told, rather than the thread spinning on the same error.
                for (id, entry) in snapshot {
                    remove(id)
                    entry.onFailure(error)
                }
                continue
            }
            if ready[0] { SystemCalls.clearEventDescriptor(changed.raw) }
            for (index, item) in snapshot.enumerated() where ready[index + 1] {
                // Removed since the snapshot: its owner no longer reads it.
                guard state.withLock({ $0.entries[item.id] != nil }) else { continue }
                if !item.entry.onReadable() { remove(item.id) }
            }
        }
    }
}
