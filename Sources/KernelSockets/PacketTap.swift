import Synchronization

/// Watches one interface for incoming LACPDUs (ethertype 0x8809).
///
/// The bond consumes LACPDUs, so a socket bound to ETH_P_SLOW sees none; this
/// one is bound to ETH_P_ALL, and a classic BPF program in the kernel keeps
/// only incoming slow-protocol frames, so user space wakes once per LACPDU.
/// Needs CAP_NET_RAW.
public final class PacketTap: Sendable {
    let descriptor: FileDescriptor
    let stopSignal: FileDescriptor
    public let interfaceIndex: Int32
    /// The reader thread has taken a frame off the socket and not yet finished
    /// with it (`onThread` has not returned).
    private let reading = Atomic<Bool>(false)
    /// Ends the stream read by a `SharedReader`, once there is one.
    private let sharedStop = Mutex<(@Sendable () -> Void)?>(nil)

    public init(interfaceIndex: Int32) throws(SystemCallError) {
        self.interfaceIndex = interfaceIndex
        let program = LACPDUFilter.program.map { (code: $0.code, jt: $0.jumpIfTrue, jf: $0.jumpIfFalse, k: $0.k) }
        descriptor = FileDescriptor(try SystemCalls.openPacketTap(interfaceIndex: interfaceIndex, filter: program))
        stopSignal = FileDescriptor(try SystemCalls.makeEventDescriptor())
    }

    /// Opens a tap inside the network namespace at `path` (for tests and tools;
    /// the daemon runs in the PFs' namespace).
    public static func inNetworkNamespace(_ path: String, interfaceIndex: Int32) throws(SystemCallError) -> PacketTap {
        try SystemCalls.inNetworkNamespace(path) { () throws(SystemCallError) in try PacketTap(interfaceIndex: interfaceIndex) }
    }

    /// Throws when this process may not open packet sockets (no CAP_NET_RAW).
    public static func checkPermission() throws(SystemCallError) { try SystemCalls.probePacketSocket() }

    /// A frame has arrived that the reader thread has not finished with: it
    /// waits in the socket, or is being read (the thread may be behind).
    public var hasUnreadFrame: Bool { reading.load(ordering: .sequentiallyConsistent) || SystemCalls.isReadable(descriptor.raw) }

    /// When the kernel received the frame just read (CLOCK_REALTIME ns): call
    /// it from `onThread`. nil for the first frame of the tap.
    public var lastFrameTime: Int64? { SystemCalls.lastFrameTime(descriptor.raw) }

    /// Ends the `arrivals()` stream (and its thread, or its place on a shared one).
    public func stop() {
        SystemCalls.signalEventDescriptor(stopSignal.raw)
        sharedStop.withLock { $0 }?()
    }

    /// One element per LACPDU received (its first `LACPDUFilter.snapLength`
    /// bytes), read on a thread of its own; the thread stops when the consumer
    /// stops iterating or `stop()` is called.
    ///
    /// `onThread`, when given, sees each frame first, on the reader thread, and
    /// returns whether to hand it over to the stream: a frame that needs no
    /// async work then costs no task wake-up.
    ///
    /// `on shared`: read by that reader's thread, with other sockets, instead
    /// of a thread of the tap's own.
    public func arrivals(
        on shared: SharedReader? = nil,
        onThread: (@Sendable ([UInt8]) -> Bool)? = nil
    ) throws(SystemCallError) -> AsyncStream<SocketEvent<[UInt8]>> {
        let descriptor = self.descriptor
        let read = { @Sendable () throws(SystemCallError) -> [UInt8]? in
            // Set before the frame leaves the socket, cleared once it is handled.
            self.reading.store(true, ordering: .sequentiallyConsistent)
            defer { self.reading.store(false, ordering: .sequentiallyConsistent) }
            let frame = try SystemCalls.receiveFrame(descriptor.raw, limit: Int(LACPDUFilter.snapLength))
            if let onThread, !onThread(frame) { return nil }
            return frame
        }
        guard let shared else {
            return try BlockingReader.stream(threadName: "tap if\(interfaceIndex)", descriptor: descriptor, stop: stopSignal, buffering: .bufferingNewest(8), read: read)
        }
        let (stream, stop) = try BlockingReader.stream(on: shared, descriptor: descriptor, buffering: .bufferingNewest(8), read: read)
        sharedStop.withLock { $0 = stop }
        return stream
    }
}
