import Testing
import Foundation
import Synchronization

/// The built daemon, run in a namespace exactly as on a node, its JSON log
/// read line by line.
final class DaemonProcess: @unchecked Sendable {
    // Process is not Sendable; it is only touched by the test that owns this.
    let process: Process
    private let lines = LineStore()

    final class LineStore: Sendable {
        let lines = Mutex<[String]>([])
    }

    init(namespace: NetworkNamespace, arguments: [String], environment: [String: String] = [:]) throws {
        // The daemon built with these tests sits next to the test executable
        // (whatever the scratch path); .build/debug is the fallback.
        let products = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let sibling = products.appendingPathComponent("pf-status-relay").path
        let binary = FileManager.default.isExecutableFile(atPath: sibling)
            ? sibling : packageRoot.appendingPathComponent(".build/debug/pf-status-relay").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ShellError.failed(command: "find \(binary)", status: 1, output: "build the package first (swift build)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ip", "netns", "exec", namespace.name, binary] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let lines = self.lines
        output.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            lines.lines.withLock { $0.append(contentsOf: text.split(separator: "\n").map(String.init)) }
        }
        try process.run()
    }

    var log: [String] { lines.lines.withLock { $0 } }

    /// The decoded JSON lines with message `msg`.
    func entries(_ msg: String) -> [[String: Any]] {
        log.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return object["msg"] as? String == msg ? object : nil
        }
    }

    /// Waits until `condition` holds on the log, up to `timeout`.
    func waitUntil(timeout: Duration = .seconds(10), _ condition: (DaemonProcess) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }

    func terminate() -> (status: Int32, took: Duration) {
        stop(with: SIGTERM) ?? (-1, .seconds(5))
    }

    /// Sends `signal` and waits up to `limit` for the daemon to end: its exit
    /// status and how long it took, or nil when it was still running (it is
    /// then killed, so that a hang fails the test instead of stalling the run).
    func stop(with signal: Int32, within limit: Duration = .seconds(5)) -> (status: Int32, took: Duration)? {
        let began = ContinuousClock.now
        kill(process.processIdentifier, signal)
        while process.isRunning, ContinuousClock.now - began < limit { usleep(10_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        // Killed by the signal (its default action) is not a graceful stop.
        let status = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return (status, ContinuousClock.now - began)
    }
}

@Suite(.enabled(if: isRoot, "needs root for network namespaces"), .serialized)
struct DaemonProcessTests {
    @Test func logsWhyPFsAreNotReadyAndFollowsLinkEvents() async throws {
        let ns = try NetworkNamespace()
        try ns.ip("link add va type veth peer name vb")
        try ns.ip("link add br0 type bridge")
        try ns.ip("link set va master br0")
        for link in ["va", "vb", "br0"] { try ns.ip("link set \(link) up") }

        // A polling interval of a minute: anything seen sooner came from link events.
        let daemon = try DaemonProcess(namespace: ns, arguments: ["--polling-interval", "60000"],
                                       environment: ["PF_STATUS_RELAY_INTERFACES": "va, vb,,va,late0"])
        #expect(await daemon.waitUntil { $0.entries("pf is not ready").count >= 3 })
        let first = daemon.log.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(first?["msg"] as? String == "Starting application")
        #expect(first?["level"] as? String == "INFO")
        #expect(daemon.entries("interfaces to monitor").first?["interfaces"] as? [String] == ["va", "vb", "late0"])
        let reasons = Dictionary(daemon.entries("pf is not ready").map { ($0["interface"] as! String, $0["error"] as! String) }) { a, _ in a }
        #expect(reasons["va"] == "master br0 is a bridge, not a bond")
        #expect(reasons["vb"]?.hasPrefix("interface has no master") == true)
        #expect(reasons["late0"] == "interface not found")

        // Moved out of the bridge: noticed through RTM_NEWLINK, long before the next poll.
        try ns.ip("link set va nomaster")
        #expect(await daemon.waitUntil(timeout: .seconds(5)) { d in
            d.entries("pf is not ready").contains { $0["interface"] as? String == "va" && ($0["error"] as? String)?.hasPrefix("interface has no master") == true }
        })

        // A PF created after start is picked up at once.
        try ns.ip("link add late0 type veth peer name late1")
        #expect(await daemon.waitUntil(timeout: .seconds(5)) { d in
            d.entries("pf is not ready").contains { $0["interface"] as? String == "late0" && ($0["error"] as? String) != "interface not found" }
        })

        let (status, took) = daemon.terminate()
        print("daemon: exited \(status) \(took) after SIGTERM")
        #expect(status == 0)
        // The figure above is the measurement (milliseconds here); the bound is
        // a hang guard, wide enough for a 2-core CI machine stalling the whole
        // test process for seconds, which it has done.
        #expect(took < .seconds(5))
        #expect(daemon.log.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    /// The kubelet's SIGTERM (and a terminal's SIGINT) ends the daemon
    /// gracefully whenever it comes: right after start-up or seconds later,
    /// with the daemon idle or looking. Each stop is bounded: a lost signal
    /// fails here rather than hanging the run (as it once hung a lab VM).
    @Test func sigtermOrSigintAtAnyMomentStopsTheDaemonGracefully() async throws {
        let ns = try NetworkNamespace()
        try ns.ip("link add va type veth peer name vb")
        for link in ["va", "vb"] { try ns.ip("link set \(link) up") }
        var outcomes: [String] = []
        for round in 0..<12 {
            let daemon = try DaemonProcess(namespace: ns, arguments: ["--interfaces", "va", "--polling-interval", "100"])
            // Its first look: the services (and the signal handling) are running.
            #expect(await daemon.waitUntil { !$0.entries("pf is not ready").isEmpty })
            try await Task.sleep(for: .milliseconds([0, 5, 50, 150, 400, 1200][round % 6]))
            let signal = round.isMultiple(of: 2) ? SIGTERM : SIGINT
            let stopped = daemon.stop(with: signal)
            outcomes.append(stopped.map { "\($0.status) in \($0.took)" } ?? "still running")
            #expect(stopped?.status == 0, "round \(round), signal \(signal)")
            #expect(daemon.entries("Stopping application").count == 1, "round \(round)")
        }
        print("daemon: stops \(outcomes)")
    }

    @Test func badConfigurationIsOneLineAndExitCodeTwo() async throws {
        let ns = try NetworkNamespace()
        let daemon = try DaemonProcess(namespace: ns, arguments: ["--interfaces", "a", "--polling-interval", "10"])
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 2)
        _ = await daemon.waitUntil(timeout: .seconds(2)) { !$0.log.isEmpty }
        #expect(daemon.log == ["pf-status-relay: error: --polling-interval must be a whole number of milliseconds from 100 to 3600000, got \"10\""])
    }
}

/// The daemon's metrics and health endpoint on a real socket, in a namespace
/// as on a node: what a scraper and the kubelet read, and a port already taken.
@Suite(.enabled(if: isRoot, "needs root for network namespaces"), .serialized)
struct DaemonEndpointTests {
    /// `METHOD PATH` over TCP inside `ns` (bash's /dev/tcp): the whole response.
    func http(_ ns: NetworkNamespace, _ path: String, port: Int, method: String = "GET") throws -> String {
        try run(["ip", "netns", "exec", ns.name, "bash", "-c",
                 "exec 3<>/dev/tcp/127.0.0.1/\(port) && printf '\(method) \(path) HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n' >&3 && cat <&3"])
    }

    @Test func servesMetricsHealthAndReadinessOfARealKernel() async throws {
        let ns = try NetworkNamespace()
        _ = try ns.ip("link set lo up")
        _ = try ns.ip("link add va type veth peer name vb")
        _ = try ns.ip("link add br0 type bridge")
        _ = try ns.ip("link set va master br0")
        for link in ["va", "vb", "br0"] { _ = try ns.ip("link set \(link) up") }
        let daemon = try DaemonProcess(namespace: ns, arguments: ["--interfaces", "va,vb", "--metrics-bind-address", "127.0.0.1:19808"])
        defer { _ = daemon.terminate() }
        #expect(await daemon.waitUntil { !$0.entries("serving metrics and health").isEmpty })
        #expect(await daemon.waitUntil { $0.entries("pf is not ready").count == 2 })

        // Ready once both PFs have been looked at, and their looks recorded.
        var ready = ""
        for _ in 0..<100 where !ready.hasPrefix("HTTP/1.1 200 OK\r\n") {
            ready = try http(ns, "/readyz", port: 19808)
            if !ready.hasPrefix("HTTP/1.1 200 OK\r\n") { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(ready.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(try http(ns, "/healthz", port: 19808).hasSuffix("\r\n\r\nok\n"))
        let metrics = try http(ns, "/metrics", port: 19808)
        #expect(metrics.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
        #expect(metrics.contains(#"pf_status_relay_pf_not_ready{interface="va",reason="master_not_bond"} 1.0"#))
        #expect(metrics.contains(#"pf_status_relay_pf_not_ready{interface="vb",reason="no_master"} 1.0"#))
        #expect(metrics.contains(#"pf_status_relay_pf_ready{interface="va"} 0.0"#))
        // At least the first look, a poll (a resync asked for at the same time may be folded into it).
        let polls = metrics.split(separator: "\n").first { $0.hasPrefix(#"pf_status_relay_looks_total{interface="va",cause="poll"} "#) }
        #expect((polls?.split(separator: " ").last).flatMap { Int($0) }.map { $0 >= 1 } == true)
        #expect(try http(ns, "/metrics", port: 19808, method: "DELETE").hasPrefix("HTTP/1.1 405 "))

        // A second daemon on the same port: refused at start, exit code 2, one line.
        let second = try DaemonProcess(namespace: ns, arguments: ["--interfaces", "va", "--metrics-bind-address", "127.0.0.1:19808"])
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 2)
        #expect(second.log.contains { $0.hasPrefix("pf-status-relay: error: cannot listen on 127.0.0.1:19808 for metrics and health: ") })
    }
}
