import JSONValues
import KubeClient
import KubeModel
import KubeRuntime
import Logging
import Synchronization
import Testing

/// Answers lists and watches from a script, and records the versions watches start from.
final class ScriptedListWatch: KubeListWatch {
    struct Watch {
        var events: [WatchEvent]
        /// How the stream ends after the events: nil when the server closes it.
        var ending: KubeError?
    }

    private struct State {
        var lists: [Result<ObjectList, KubeError>] = []
        var watches: [Watch] = []
        var watchedFrom: [String?] = []
    }

    private let state = Mutex(State())

    init(lists: [Result<ObjectList, KubeError>] = [], watches: [Watch] = []) {
        state.withLock { $0.lists = lists; $0.watches = watches }
    }

    var watchedFrom: [String?] { state.withLock { $0.watchedFrom } }

    func listAll(_ resource: ResourceDescriptor, namespace: String?, labelSelector: String?) async throws(KubeError) -> ObjectList {
        let next = state.withLock { $0.lists.isEmpty ? nil : $0.lists.removeFirst() }
        guard let next else { throw .invalidRequest("no more lists scripted") }
        return try next.get()
    }

    func watch(_ resource: ResourceDescriptor, namespace: String?, resourceVersion: String?, labelSelector: String?,
               timeoutSeconds: Int?) -> any AsyncSequence<WatchEvent, any Error> {
        let script = state.withLock { state -> Watch? in
            state.watchedFrom.append(resourceVersion)
            return state.watches.isEmpty ? nil : state.watches.removeFirst()
        }
        return AsyncThrowingStream { continuation in
            guard let script else { return continuation.finish(throwing: KubeError.invalidRequest("no more watches scripted")) }
            for event in script.events { continuation.yield(event) }
            continuation.finish(throwing: script.ending)
        }
    }
}

func object(_ name: String, version: String) -> JSONValue {
    ["metadata": ["name": .string(name), "namespace": "n", "resourceVersion": .string(version)]]
}

func gone() -> KubeError {
    KubeError(status: ["kind": "Status", "code": 410, "reason": "Expired", "message": "too old resource version"])
}

/// kube-rs's watcher tests, step by step: each transition from a scripted API.
@Suite struct WatcherStepTests {
    static func watcher(_ api: ScriptedListWatch) -> Watcher {
        Watcher(client: api, resource: .configMaps, namespace: "n", logger: Logger(label: "test"))
    }

    static func name(_ step: WatcherStep?) -> String {
        switch step {
        case .event(.restarted(let objects))?: return "restarted \(objects.map { $0["metadata"]["name"].stringValue ?? "" })"
        case .event(.applied(let object))?: return "applied \(object["metadata"]["name"].stringValue ?? "")"
        case .event(.deleted(let object))?: return "deleted \(object["metadata"]["name"].stringValue ?? "")"
        case .bookmark?: return "bookmark"
        case .failed(let error)?: return "failed \(error.code)"
        case .expired?: return "expired"
        case nil: return "quiet"
        }
    }

    @Test func listsThenWatchesFromTheListsVersionFollowingEventsAndBookmarks() async {
        let api = ScriptedListWatch(
            lists: [.success(ObjectList(items: [object("a", version: "5")], resourceVersion: "10"))],
            watches: [Watch(events: [
                WatchEvent(type: .added, object: object("b", version: "11")),
                WatchEvent(type: .bookmark, object: ["metadata": ["resourceVersion": "15"]]),
                WatchEvent(type: .deleted, object: object("a", version: "16")),
            ], ending: nil)])
        let watcher = Self.watcher(api)
        var state = WatcherState.empty
        var steps: [String] = []
        var versions: [String?] = []
        for _ in 0..<6 {
            let (step, next) = await watcher.step(from: state)
            steps.append(Self.name(step))
            versions.append(next.resourceVersion)
            state = next
        }
        #expect(steps == ["restarted [\"a\"]", "quiet", "applied b", "bookmark", "deleted a", "quiet"])
        #expect(versions == ["10", "10", "11", "15", "16", "16"], "the server ending the watch keeps the version to resume from")
        #expect(!state.isWatching)
        #expect(api.watchedFrom == ["10"])
    }

    @Test func goneInAWatchRelistsAndOtherErrorsResumeFromTheSameVersion() async {
        let api = ScriptedListWatch(
            lists: [.success(ObjectList(items: [], resourceVersion: "10")), .success(ObjectList(items: [], resourceVersion: "50"))],
            watches: [
                Watch(events: [], ending: .transport("connection reset")),
                Watch(events: [WatchEvent(type: .error, object: ["kind": "Status", "code": 410, "reason": "Expired"])], ending: nil),
                Watch(events: [], ending: gone()),
            ])
        let watcher = Self.watcher(api)
        var state = WatcherState.empty
        var steps: [String] = []
        for _ in 0..<9 {
            let (step, next) = await watcher.step(from: state)
            steps.append(Self.name(step))
            state = next
        }
        #expect(steps == [
            "restarted []", "quiet", "failed 0",   // a broken connection: resume
            "quiet", "expired",                    // an ERROR event with 410: relist
            "restarted []", "quiet", "expired",    // a 410 answer: relist again
            "failed 0",                            // no list left in the script
        ])
        #expect(api.watchedFrom == ["10", "10", "50"], "resumed from 10 after the failure; watched from the relist's version")
    }

    @Test func aFailedListStaysEmptyForTheNextStep() async {
        let api = ScriptedListWatch(lists: [.failure(KubeError(status: ["code": 503, "reason": "ServiceUnavailable"]))])
        let (step, next) = await Self.watcher(api).step(from: .empty)
        #expect(Self.name(step) == "failed 503")
        #expect(next.resourceVersion == nil)
    }

    @Test func theEventsSequenceBacksOffAfterFailuresAndDeliversAfterThem() async {
        let api = ScriptedListWatch(lists: [
            .failure(KubeError(status: ["code": 500])),
            .failure(KubeError(status: ["code": 500])),
            .success(ObjectList(items: [object("a", version: "3")], resourceVersion: "3")),
        ])
        var watcher = Self.watcher(api)
        watcher.backoff = Backoff(initial: .milliseconds(1), maximum: .milliseconds(2), jitter: .none)
        var events = watcher.events().makeAsyncIterator()
        let first = await events.next()
        #expect(Self.name(first.map(WatcherStep.event)) == "restarted [\"a\"]")
    }
}

typealias Watch = ScriptedListWatch.Watch

@Suite struct WatcherBackoffTests {
    @Test func failuresInARowWaitLongerAndASignOfHealthStartsOver() {
        var backoff = WatcherBackoff(Backoff(initial: .milliseconds(100), maximum: .milliseconds(400), jitter: .none))
        let failed = WatcherStep.failed(.transport("reset"))
        #expect(backoff.delay(after: failed) == .milliseconds(100))
        #expect(backoff.delay(after: failed) == .milliseconds(200))
        #expect(backoff.delay(after: nil) == nil, "opening a watch is no sign of health")
        #expect(backoff.delay(after: failed) == .milliseconds(400))
        #expect(backoff.delay(after: failed) == .milliseconds(400), "capped")
        #expect(backoff.delay(after: .expired) == nil, "410 relists at once")
        #expect(backoff.failures == 4)
        #expect(backoff.delay(after: .bookmark) == nil)
        #expect(backoff.failures == 0)
        #expect(backoff.delay(after: failed) == .milliseconds(100))
        #expect(backoff.delay(after: .event(.applied(["metadata": ["name": "a"]]))) == nil)
        #expect(backoff.failures == 0)
    }
}
