// The one file that talks to the kernel through sockets and raw pointers.
//
// Everything else in the project is safe Swift over byte arrays; `make lint`
// fails when `unsafe` code appears in any other file. Each function here does
// one system call (or a short fixed sequence) and turns errno into a
// `SystemCallError` naming the operation.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CLinuxHeaders
import Synchronization

enum SystemCalls {
    static let SOL_NETLINK: Int32 = 270
    static let NETLINK_ADD_MEMBERSHIP: Int32 = 1
    static let NETLINK_EXT_ACK: Int32 = 11
    static let NETLINK_GET_STRICT_CHK: Int32 = 12
    static let ETH_P_ALL: UInt16 = 0x0003
    static let SO_ATTACH_FILTER: Int32 = 26
    static let SO_RCVBUFFORCE: Int32 = 33

    private static func failure(_ operation: String) -> SystemCallError {
        SystemCallError(operation: operation, errno: errno)
    }

    // MARK: Sockets

    /// socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol), bound to an
    /// automatic port ID; returns the descriptor and that port ID.
    static func openNetlink(protocol netlinkProtocol: Int32) throws(SystemCallError) -> (fd: Int32, portID: UInt32) {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), netlinkProtocol)
        guard fd >= 0 else { throw failure("open netlink socket") }
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        let length = socklen_t(MemoryLayout<sockaddr_nl>.size)
        let bound = unsafe withUnsafePointer(to: &address) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { unsafe bind(fd, $0, length) }
        }
        guard bound == 0 else { let error = failure("bind netlink socket"); close(fd); throw error }
        var assigned = sockaddr_nl()
        var assignedLength = length
        let named = unsafe withUnsafeMutablePointer(to: &assigned) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { unsafe getsockname(fd, $0, &assignedLength) }
        }
        guard named == 0 else { let error = failure("getsockname netlink socket"); close(fd); throw error }
        return (fd, assigned.nl_pid)
    }

    /// socket(AF_PACKET, SOCK_RAW), with `filter` attached before it is bound
    /// to ETH_P_ALL on `interfaceIndex`, so no unfiltered frame is ever queued.
    static func openPacketTap(interfaceIndex: Int32, filter: [(code: UInt16, jt: UInt8, jf: UInt8, k: UInt32)]) throws(SystemCallError) -> Int32 {
        // Protocol 0: receives nothing until bound with a protocol.
        let fd = socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("open packet socket") }
        var instructions = filter.map { sock_filter(code: $0.code, jt: $0.jt, jf: $0.jf, k: $0.k) }
        let attached = unsafe instructions.withUnsafeMutableBufferPointer { buffer in
            var program = unsafe sock_fprog(len: UInt16(buffer.count), filter: buffer.baseAddress)
            return unsafe setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, socklen_t(MemoryLayout<sock_fprog>.size))
        }
        guard attached == 0 else { let error = failure("attach packet filter"); close(fd); throw error }
        var address = sockaddr_ll()
        address.sll_family = UInt16(AF_PACKET)
        address.sll_protocol = ETH_P_ALL.bigEndian
        address.sll_ifindex = interfaceIndex
        let bound = unsafe withUnsafePointer(to: &address) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                unsafe bind(fd, $0, socklen_t(MemoryLayout<sockaddr_ll>.size))
            }
        }
        guard bound == 0 else { let error = failure("bind packet socket"); close(fd); throw error }
        return fd
    }

    /// Whether this process may open packet sockets (CAP_NET_RAW in the
    /// network namespace's user namespace): opens one, bound to nothing, and closes it.
    static func probePacketSocket() throws(SystemCallError) {
        let fd = socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("open packet socket") }
        close(fd)
    }

    /// Whether `fd` has data waiting, without blocking.
    static func isReadable(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return unsafe poll(&descriptor, 1, 0) > 0 && descriptor.revents & Int16(POLLIN) != 0
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32, operation: String) throws(SystemCallError) {
        var value = value
        let result = unsafe setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        guard result == 0 else { throw failure(operation) }
    }

    static func setReceiveTimeout(_ fd: Int32, milliseconds: Int) throws(SystemCallError) {
        var timeout = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        let result = unsafe setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard result == 0 else { throw failure("set receive timeout") }
    }

    /// Sends one datagram to the kernel (netlink port 0).
    static func sendToKernel(_ fd: Int32, _ datagram: [UInt8]) throws(SystemCallError) {
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        while true {
            let sent = unsafe datagram.withUnsafeBytes { bytes in
                unsafe withUnsafePointer(to: &address) { pointer in
                    unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        unsafe sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_nl>.size))
                    }
                }
            }
            if sent >= 0 { return }
            if errno == EINTR { continue }
            throw failure("send netlink request")
        }
    }

    /// Receives one whole datagram: its size is peeked first (MSG_PEEK |
    /// MSG_TRUNC), so a PF with hundreds of VFs never gets a truncated reply.
    static func receiveDatagram(_ fd: Int32, operation: String) throws(SystemCallError) -> [UInt8] {
        while true {
            let size = recv(fd, nil, 0, Int32(MSG_PEEK | MSG_TRUNC))
            if size < 0 {
                if errno == EINTR { continue }
                throw failure(operation)
            }
            var buffer = [UInt8](repeating: 0, count: max(size, 1))
            let received = unsafe buffer.withUnsafeMutableBytes { unsafe recv(fd, $0.baseAddress, $0.count, 0) }
            if received < 0 {
                if errno == EINTR { continue }
                throw failure(operation)
            }
            buffer.removeLast(buffer.count - min(received, buffer.count))
            return buffer
        }
    }

    /// Reads one pending frame, keeping at most `limit` bytes of it.
    static func receiveFrame(_ fd: Int32, limit: Int) throws(SystemCallError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: limit)
        while true {
            let received = unsafe buffer.withUnsafeMutableBytes { unsafe recv(fd, $0.baseAddress, $0.count, 0) }
            if received >= 0 {
                buffer.removeLast(buffer.count - min(received, buffer.count))
                return buffer
            }
            if errno == EINTR { continue }
            throw failure("receive packet")
        }
    }

    /// The kernel's receive time of the last frame read from `fd`
    /// (SIOCGSTAMPNS: CLOCK_REALTIME ns); nil for the first frame, read
    /// before the call turned the socket's time stamps on.
    static func lastFrameTime(_ fd: Int32) -> Int64? {
        var stamp = timespec()
        let request: UInt = 0x8907  // SIOCGSTAMPNS
        guard unsafe ioctl(fd, request, &stamp) == 0 else { return nil }
        return Int64(stamp.tv_sec) * 1_000_000_000 + Int64(stamp.tv_nsec)
    }

    static func closeDescriptor(_ fd: Int32) { _ = close(fd) }

    /// open(path, O_RDONLY | O_CLOEXEC), e.g. of a network namespace file.
    static func openReadOnly(_ path: String) throws(SystemCallError) -> Int32 {
        while true {
            let fd = unsafe open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw failure("open \(path)")
        }
    }

    // MARK: Waiting

    static func makeEventDescriptor() throws(SystemCallError) -> Int32 {
        let fd = eventfd(0, Int32(EFD_CLOEXEC))
        guard fd >= 0 else { throw failure("eventfd") }
        return fd
    }

    static func signalEventDescriptor(_ fd: Int32) {
        var one: UInt64 = 1
        _ = unsafe write(fd, &one, MemoryLayout<UInt64>.size)
    }

    /// Blocks until `fd` is readable (true) or `stop` was signalled (false).
    static func waitReadable(_ fd: Int32, orStop stop: Int32) throws(SystemCallError) -> Bool {
        let ready = try waitReadable([fd, stop])
        return !ready[1]
    }

    /// Blocks until one or more of `fds` is readable (or failed, or hung up):
    /// a flag for each, in order.
    static func waitReadable(_ fds: [Int32]) throws(SystemCallError) -> [Bool] {
        var descriptors = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while true {
            let ready = unsafe descriptors.withUnsafeMutableBufferPointer { unsafe poll($0.baseAddress, nfds_t($0.count), -1) }
            if ready < 0 {
                if errno == EINTR { continue }
                throw failure("poll")
            }
            return descriptors.map { $0.revents != 0 }
        }
    }

    /// Resets an eventfd's counter (after poll said it is readable).
    static func clearEventDescriptor(_ fd: Int32) {
        var value: UInt64 = 0
        _ = unsafe read(fd, &value, MemoryLayout<UInt64>.size)
    }

    // MARK: Threads and namespaces

    private final class ThreadBody {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new thread, to be joined or detached by the caller.
    private static func spawnThread(_ body: @escaping () -> Void) throws(SystemCallError) -> pthread_t {
        let context = unsafe Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let result = unsafe pthread_create(&thread, nil, { context in
            let box = unsafe Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, context)
        guard result == 0 else {
            unsafe Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw SystemCallError(operation: "start thread", errno: result)
        }
        return thread
    }

    /// Runs `body` on a new detached thread, for a loop that blocks in poll().
    /// `name` (up to 15 bytes; longer is cut) shows in /proc/PID/task/*/comm,
    /// so that per-thread CPU and wake-ups can be told apart.
    static func startThread(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemCallError) {
        let shortName = String(decoding: name.utf8.prefix(15), as: UTF8.self)
        pthread_detach(try spawnThread {
            _ = unsafe pthread_setname_np(pthread_self(), shortName)
            body()
        })
    }

    /// Runs `body` on a new thread that has entered the network namespace at
    /// `path` (e.g. /run/netns/NAME) and waits for it. A socket opened there
    /// stays in that namespace; the thread ends afterwards, so no thread of the
    /// process is left in a foreign namespace.
    static func inNetworkNamespace<T: Sendable>(
        _ path: String, _ body: @escaping @Sendable () throws(SystemCallError) -> T
    ) throws(SystemCallError) -> T {
        let outcome = ThreadOutcome<T>()
        let thread = try spawnThread {
            let nsfd = unsafe open(path, O_RDONLY | O_CLOEXEC)
            guard nsfd >= 0 else { outcome.value = .failure(failure("open \(path)")); return }
            defer { close(nsfd) }
            guard setns(nsfd, CLINUX_CLONE_NEWNET) == 0 else { outcome.value = .failure(failure("setns \(path)")); return }
            do throws(SystemCallError) { outcome.value = .success(try body()) } catch { outcome.value = .failure(error) }
        }
        pthread_join(thread, nil)
        return try outcome.value.get()
    }

    /// The result of a joined thread. Written by that thread before it exits and
    /// read only after pthread_join, which orders the two accesses.
    private final class ThreadOutcome<T>: @unchecked Sendable {
        var value: Result<T, SystemCallError> = .failure(SystemCallError(operation: "enter namespace", errno: EIO))
    }

    // MARK: Clock

    /// CLOCK_REALTIME in nanoseconds since the epoch (for log timestamps).
    static func wallClockNanoseconds() -> Int64 {
        var now = timespec()
        _ = unsafe clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

extension SystemCalls {
    /// write(2) of a whole buffer to a descriptor (standard output for logs):
    /// one call per log line keeps concurrent lines whole.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = unsafe bytes.withUnsafeBytes { buffer in
                unsafe write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return  // Nowhere to report a failed log write.
            }
            offset += written
        }
    }
}

extension SystemCalls {
    /// rename(2): replaces `destination` in one step (for installing binaries).
    static func renameFile(_ source: String, to destination: String) throws(SystemCallError) {
        guard unsafe rename(source, destination) == 0 else { throw failure("rename \(source) to \(destination)") }
    }
}

/// The process environment, read from the C library's `environ` so that the
/// daemon needs no Foundation (ProcessInfo) for it.
public enum ProcessEnvironment {
    /// Every `NAME=value` entry; for a name given twice the first wins, as
    /// with getenv(3). Entries without "=" are skipped.
    public static func current() -> [String: String] {
        var variables: [String: String] = [:]
        // NULL when the environment was cleared (clearenv(3)).
        let first: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = unsafe environ
        guard var entry = unsafe first else { return variables }
        while let pointer = unsafe entry.pointee {
            let text = unsafe String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            unsafe entry += 1
        }
        return variables
    }
}

// MARK: Signals (a graceful shutdown on SIGTERM)

extension SystemCalls {
    /// The pipe the signal handler writes each caught signal's number to.
    /// Made once and never closed, so the handler never writes to a closed
    /// pipe (which would raise SIGPIPE); both ends are non-blocking.
    private static let signalPipe: Result<(read: Int32, write: Int32), SystemCallError> = {
        var ends: [Int32] = [-1, -1]
        guard unsafe pipe2(&ends, O_CLOEXEC | O_NONBLOCK) == 0 else { return .failure(failure("pipe2")) }
        return .success((ends[0], ends[1]))
    }()
    /// Read by the handler: a plain atomic load, safe in a signal handler.
    private static let signalPipeWriteEnd = Atomic<Int32>(-1)

    /// Catches `numbers` from now on (replacing their default action): the
    /// handler writes the signal's number down a pipe, whose non-blocking
    /// read end this returns. Whatever thread the kernel picks runs it.
    static func catchSignals(_ numbers: [Int32]) throws(SystemCallError) -> Int32 {
        let ends = try signalPipe.get()
        signalPipeWriteEnd.store(ends.write, ordering: .sequentiallyConsistent)
        var action = sigaction()
        unsafe action.__sigaction_handler.sa_handler = { number in
            let saved = errno
            var byte = UInt8(truncatingIfNeeded: number)
            _ = unsafe write(SystemCalls.signalPipeWriteEnd.load(ordering: .sequentiallyConsistent), &byte, 1)
            errno = saved
        }
        // The handler stays installed, and interrupted system calls restart.
        action.sa_flags = SA_RESTART
        _ = unsafe sigemptyset(&action.sa_mask)
        for number in numbers where unsafe sigaction(number, &action, nil) != 0 {
            throw failure("sigaction \(number)")
        }
        return ends.read
    }

    /// The signal numbers waiting in the pipe of `catchSignals`, oldest first; empty when none.
    static func readCaughtSignals(_ fd: Int32) throws(SystemCallError) -> [Int32] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = unsafe read(fd, &buffer, buffer.count)
            if count > 0 { return buffer.prefix(count).map { Int32($0) } }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN { return [] }
            throw failure("read signal pipe")
        }
    }
}

// MARK: TCP (the daemon's metrics and health endpoint)

extension SystemCalls {
    /// A listening TCP socket on `address` (4 bytes IPv4 or 16 bytes IPv6,
    /// network order) and `port` (0: any free port). Non-blocking, so that an
    /// accept after a client gave up returns EAGAIN instead of hanging the
    /// thread. Returns the descriptor and the port bound.
    static func openTCPListener(address: [UInt8], port: UInt16, backlog: Int32) throws(SystemCallError) -> (fd: Int32, port: UInt16) {
        let family = address.count == 16 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw failure("open tcp socket") }
        var one: Int32 = 1
        _ = unsafe setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var storage = sockaddr_storage()
        let length: socklen_t
        if family == AF_INET6 {
            var ipv6 = sockaddr_in6()
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = port.bigEndian
            unsafe withUnsafeMutableBytes(of: &ipv6.sin6_addr) { unsafe $0.copyBytes(from: address) }
            unsafe withUnsafeMutableBytes(of: &storage) { target in
                unsafe withUnsafeBytes(of: ipv6) { unsafe target.copyMemory(from: $0) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            var ipv4 = sockaddr_in()
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = port.bigEndian
            unsafe withUnsafeMutableBytes(of: &ipv4.sin_addr) { unsafe $0.copyBytes(from: address) }
            unsafe withUnsafeMutableBytes(of: &storage) { target in
                unsafe withUnsafeBytes(of: ipv4) { unsafe target.copyMemory(from: $0) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        let bound = unsafe withUnsafePointer(to: &storage) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { unsafe bind(fd, $0, length) }
        }
        guard bound == 0 else { let error = failure("bind tcp socket"); close(fd); throw error }
        guard listen(fd, backlog) == 0 else { let error = failure("listen"); close(fd); throw error }
        var assigned = sockaddr_storage()
        var assignedLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = unsafe withUnsafeMutablePointer(to: &assigned) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { unsafe getsockname(fd, $0, &assignedLength) }
        }
        guard named == 0 else { let error = failure("getsockname tcp socket"); close(fd); throw error }
        // sin_port and sin6_port sit at the same offset, right after the family.
        let boundPort = unsafe withUnsafeBytes(of: assigned) { unsafe UInt16($0[2]) << 8 | UInt16($0[3]) }
        return (fd, boundPort)
    }

    /// accept4(2) of one pending connection, blocking, with `timeoutMilliseconds`
    /// on its receives and sends; nil when none is pending (the client gave up).
    static func acceptConnection(_ fd: Int32, timeoutMilliseconds: Int) throws(SystemCallError) -> Int32? {
        while true {
            let connection = accept4(fd, nil, nil, Int32(SOCK_CLOEXEC.rawValue))
            if connection >= 0 {
                var timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
                let size = socklen_t(MemoryLayout<timeval>.size)
                _ = unsafe setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
                _ = unsafe setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)
                return connection
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, ECONNABORTED, EPROTO: return nil
            default: throw failure("accept")
            }
        }
    }

    /// recv(2) of up to `limit` bytes; empty at end of stream. A timeout
    /// (EAGAIN) throws.
    static func receiveStream(_ fd: Int32, limit: Int) throws(SystemCallError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: limit)
        while true {
            let received = unsafe buffer.withUnsafeMutableBytes { unsafe recv(fd, $0.baseAddress, limit, 0) }
            if received >= 0 { return Array(buffer.prefix(received)) }
            if errno == EINTR { continue }
            throw failure("receive")
        }
    }

    /// send(2) of a whole buffer without SIGPIPE when the peer has gone.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            let sent = unsafe bytes.withUnsafeBytes { buffer in
                unsafe send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw failure("send")
            }
            offset += sent
        }
    }

    /// inet_pton(3) for IPv4 or IPv6 text; nil when it is neither.
    static func parseIPAddress(_ text: String) -> [UInt8]? {
        var ipv4 = [UInt8](repeating: 0, count: 4)
        if unsafe ipv4.withUnsafeMutableBytes({ unsafe inet_pton(AF_INET, text, $0.baseAddress) }) == 1 { return ipv4 }
        var ipv6 = [UInt8](repeating: 0, count: 16)
        if unsafe ipv6.withUnsafeMutableBytes({ unsafe inet_pton(AF_INET6, text, $0.baseAddress) }) == 1 { return ipv6 }
        return nil
    }
}
