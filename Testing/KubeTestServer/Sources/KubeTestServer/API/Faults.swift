import Synchronization

/// Faults tests inject: failing the next requests, slowing every response.
final class Faults: Sendable {
    private struct State {
        var failuresLeft = 0
        var failureCode = 500
        var delay: Duration = .zero
    }

    private let state = Mutex(State())

    func failNext(_ count: Int, code: Int) {
        state.withLock {
            $0.failuresLeft = max(0, count)
            $0.failureCode = code
        }
    }

    func setDelay(_ delay: Duration) {
        state.withLock { $0.delay = delay }
    }

    /// Waits the injected delay; returns the error to answer with, if one is due.
    func beforeRequest() async -> APIError? {
        let (delay, failure) = state.withLock { state -> (Duration, Int?) in
            var failure: Int?
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                failure = state.failureCode
            }
            return (state.delay, failure)
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        switch failure {
        case .none: return nil
        case .some(429): return .tooManyRequests()
        case .some(let code):
            return APIError(code: code, reason: code == 503 ? "ServiceUnavailable" : "InternalError",
                            message: "injected failure (\(code))")
        }
    }
}
