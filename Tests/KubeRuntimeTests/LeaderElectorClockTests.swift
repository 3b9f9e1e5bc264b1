import JSONValues
import KubeClient
import KubeModel
import KubeRuntime
import KubeRuntimeTesting
import Logging
import Testing

/// Leader election on a manual clock against an in-memory API: the timing
/// rules, checked to the step, without sleeping.
@Suite struct LeaderElectorClockTests {
    static func elector(_ api: InMemoryKubeAPI, _ clock: ManualClock, identity: String = "me") -> LeaderElector {
        var configuration = LeaderElector.Configuration(namespace: "default", name: "lease", identity: identity)
        configuration.leaseDuration = .seconds(5)
        configuration.renewDeadline = .seconds(3)
        configuration.retryPeriod = .seconds(1)
        return LeaderElector(client: api, configuration: configuration, logger: Logger(label: "test"), clock: ElapsedClock(clock))
    }

    static func lease(holder: String, renewTime: String) -> JSONValue {
        [
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": ["name": "lease", "namespace": "default", "resourceVersion": "1"],
            "spec": ["holderIdentity": .string(holder), "leaseDurationSeconds": 5, "renewTime": .string(renewTime), "leaseTransitions": 3],
        ]
    }

    /// Leading work that lasts until cancelled, without touching the clock.
    static func lead() async {
        let (never, continuation) = AsyncStream.makeStream(of: Void.self)
        for await _ in never {}  // ends when the task is cancelled
        continuation.finish()
    }

    @Test func aCandidateTakesOverAnUnrenewedLeaseOnlyAfterALeaseDurationOnItsOwnClock() async throws {
        let api = InMemoryKubeAPI()
        api.seed(.leases, Self.lease(holder: "other", renewTime: "2020-01-01T00:00:00.000000Z"))
        let clock = ManualClock()
        let elector = Self.elector(api, clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await elector.run { await Self.lead() } }
            // The record is old, but the candidate's clock starts when it first sees it.
            var elapsed = Duration.zero
            while !elector.isLeader {
                try await waitUntil { clock.sleeperCount == 1 || elector.isLeader }
                if elector.isLeader { break }
                clock.advance(by: .milliseconds(100))
                elapsed += .milliseconds(100)
                try #require(elapsed < .seconds(10))
            }
            #expect(elapsed >= .seconds(5), "not leading before the lease expired")
            #expect(elapsed <= .milliseconds(6300), "at the first retry after it expired (retries are 1 s plus up to 20 % jitter)")
            let lease = try #require(api.object(.leases, namespace: "default", name: "lease"))
            #expect(lease["spec"]["holderIdentity"] == "me")
            #expect(lease["spec"]["leaseTransitions"] == 4)
            group.cancelAll()
        }
        let released = try #require(api.object(.leases, namespace: "default", name: "lease"))
        #expect(released["spec"]["holderIdentity"] == "", "released when stopped")
    }

    @Test func aLeaderThatCannotRenewStopsLeadingAfterTheRenewDeadline() async throws {
        let api = InMemoryKubeAPI()
        let clock = ManualClock()
        let elector = Self.elector(api, clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await elector.run { await Self.lead() } }
            try await waitUntil { elector.isLeader }
            #expect(api.calls("create", .leases).count == 1, "no lease yet: created")

            api.failAll("update", .leases, with: InMemoryKubeAPI.status(503, "ServiceUnavailable"))
            for second in 1...3 {
                try await waitUntil { clock.sleeperCount == 1 }
                clock.advance(by: .seconds(1))
                try await waitUntil { api.calls("update", .leases).count == second }
                #expect(elector.isLeader, "still leading \(second) s after the last renewal")
            }
            try await waitUntil { clock.sleeperCount == 1 }
            clock.advance(by: .seconds(1))
            try await waitUntil { !elector.isLeader }
            group.cancelAll()
        }
    }
}
