import Foundation
import KubeModel
import KubeTestServer
import Testing

/// The watch contract client-go relies on: events from a resourceVersion,
/// bookmarks, timeoutSeconds, selectors, and 410 Gone past the history window.
@Suite struct WatchContractTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    static func options(history: Int = 10_000) -> KubeTestServer.Options {
        var options = KubeTestServer.Options()
        options.bookmarkInterval = .milliseconds(200)
        options.watchHistorySize = history
        return options
    }

    @Test func eventsFromAResourceVersionInOrder() async throws {
        try await APIContractTests.withServer(Self.options()) { _, client in
            let created = try await client.request("POST", Self.configMaps, body: APIContractTests.configMap("a"))
            let from = try #require(created.body["metadata"]["resourceVersion"].stringValue)
            var changed = created.body
            changed["data"] = ["k": "changed"]
            _ = try await client.request("PUT", Self.configMaps + "/a", body: changed)
            _ = try await client.request("POST", Self.configMaps, body: APIContractTests.configMap("b"))
            _ = try await client.request("DELETE", Self.configMaps + "/a")
            let (events, _) = try await client.watch(Self.configMaps + "?watch=true&resourceVersion=\(from)") { $0.count >= 3 }
            #expect(events.map { $0["type"].stringValue ?? "" } == ["MODIFIED", "ADDED", "DELETED"])
            #expect(events.map { $0["object"]["metadata"]["name"].stringValue ?? "" } == ["a", "b", "a"])
            #expect(events[0]["object"]["kind"] == "ConfigMap")
            let versions = events.compactMap { Int64($0["object"]["metadata"]["resourceVersion"].stringValue ?? "") }
            #expect(versions == versions.sorted() && Set(versions).count == 3)
        }
    }

    @Test func withoutAResourceVersionTheCurrentStateComesFirst() async throws {
        try await APIContractTests.withServer(Self.options()) { _, client in
            _ = try await client.request("POST", Self.configMaps, body: APIContractTests.configMap("existing"))
            async let watched = client.watch(Self.configMaps + "?watch=true") { $0.count >= 2 }
            try await Task.sleep(for: .milliseconds(300))
            _ = try await client.request("POST", Self.configMaps, body: APIContractTests.configMap("new"))
            let (events, _) = try await watched
            #expect(events.map { $0["type"].stringValue ?? "" } == ["ADDED", "ADDED"])
            #expect(events.map { $0["object"]["metadata"]["name"].stringValue ?? "" } == ["existing", "new"])
        }
    }

    @Test func bookmarksCarryTheCurrentResourceVersion() async throws {
        try await APIContractTests.withServer(Self.options()) { _, client in
            let created = try await client.request("POST", Self.configMaps, body: APIContractTests.configMap("a"))
            let from = created.body["metadata"]["resourceVersion"].stringValue ?? ""
            // Changes elsewhere move the resourceVersion a bookmark reports.
            _ = try await client.request("POST", "/api/v1/namespaces/default/secrets",
                                         body: ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"]])
            let (events, _) = try await client.watch(Self.configMaps + "?watch=true&allowWatchBookmarks=true&resourceVersion=\(from)") {
                $0.contains { $0["type"] == "BOOKMARK" }
            }
            let bookmark = try #require(events.first { $0["type"] == "BOOKMARK" })
            #expect(bookmark["object"]["kind"] == "ConfigMap")
            #expect(bookmark["object"]["apiVersion"] == "v1")
            let version = Int64(bookmark["object"]["metadata"]["resourceVersion"].stringValue ?? "") ?? 0
            #expect(version > Int64(from) ?? .max)

            let (plain, _) = try await client.watch(Self.configMaps + "?watch=true&resourceVersion=\(from)", timeout: .seconds(1))
            #expect(!plain.contains { $0["type"] == "BOOKMARK" }, "no bookmarks unless allowed")
        }
    }

    @Test func timeoutSecondsEndsTheWatch() async throws {
        try await APIContractTests.withServer(Self.options()) { _, client in
            let start = ContinuousClock.now
            let (_, ended) = try await client.watch(Self.configMaps + "?watch=true&timeoutSeconds=1", timeout: .seconds(30))
            let elapsed = ContinuousClock.now - start
            // `ended` means the server closed the stream before the client's 30 s gave up;
            // the lower bound shows it waited for the timeout. No tight upper bound: a
            // loaded 2-core CI machine has stalled the whole test process for 6 s.
            #expect(ended)
            #expect(elapsed >= .milliseconds(900), "ended after \(elapsed)")
        }
    }

    @Test func aResourceVersionOlderThanTheHistoryIsGone() async throws {
        try await APIContractTests.withServer(Self.options(history: 3)) { server, client in
            let first = try await client.request("POST", Self.configMaps, body: APIContractTests.configMap("first"))
            let old = first.body["metadata"]["resourceVersion"].stringValue ?? ""
            for index in 0..<5 {
                _ = try await client.request("POST", Self.configMaps, body: APIContractTests.configMap("cm-\(index)"))
            }
            let (events, ended) = try await client.watch(Self.configMaps + "?watch=true&resourceVersion=\(old)")
            #expect(ended)
            #expect(events.count == 1)
            #expect(events.first?["type"] == "ERROR")
            #expect(events.first?["object"]["code"] == 410)
            #expect(events.first?["object"]["reason"] == "Expired")
            #expect(events.first?["object"]["message"].stringValue?.hasPrefix("too old resource version: \(old)") == true)

            // Recent enough is still served; a compaction expires everything before it.
            let recent = server.currentResourceVersion - 1
            let (served, _) = try await client.watch(Self.configMaps + "?watch=true&resourceVersion=\(recent)") { !$0.isEmpty }
            #expect(served.first?["type"] == "ADDED")
            server.compactHistory()
            let (afterCompaction, _) = try await client.watch(Self.configMaps + "?watch=true&resourceVersion=\(recent)")
            #expect(afterCompaction.first?["object"]["code"] == 410)
        }
    }

    @Test func labelSelectorTurnsUpdatesIntoAddedAndDeleted() async throws {
        try await APIContractTests.withServer(Self.options()) { _, client in
            let created = try await client.request("POST", Self.configMaps, body: APIContractTests.configMap("x", labels: ["watched": "no"]))
            let from = created.body["metadata"]["resourceVersion"].stringValue ?? ""
            _ = try await client.request("PATCH", Self.configMaps + "/x", body: ["metadata": ["labels": ["watched": "yes"]]],
                                         contentType: "application/merge-patch+json")
            _ = try await client.request("PATCH", Self.configMaps + "/x", body: ["data": ["k": "2"]],
                                         contentType: "application/merge-patch+json")
            _ = try await client.request("PATCH", Self.configMaps + "/x", body: ["metadata": ["labels": ["watched": "no"]]],
                                         contentType: "application/merge-patch+json")
            let (events, _) = try await client.watch(Self.configMaps + "?watch=true&labelSelector=watched%3Dyes&resourceVersion=\(from)") {
                $0.count >= 3
            }
            #expect(events.map { $0["type"].stringValue ?? "" } == ["ADDED", "MODIFIED", "DELETED"])
        }
    }

    @Test func tablesForKubectl() async throws {
        try await APIContractTests.withServer(Self.options()) { _, client in
            _ = try await client.request("POST", Self.configMaps, body: APIContractTests.configMap("t"))
            let accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
            let table = try await client.request("GET", Self.configMaps, accept: accept)
            #expect(table.body["kind"] == "Table")
            #expect(table.body["columnDefinitions"][0]["name"] == "Name")
            #expect(table.body["rows"][0]["cells"][0] == "t")
            #expect(table.body["rows"][0]["object"]["kind"] == "PartialObjectMetadata")
        }
    }
}
