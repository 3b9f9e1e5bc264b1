import AsyncHTTPClient
import NIOCore

/// The events of one watch request (`KubeClient.watch`). Iterating sends
/// the request and reads the body in the iterating task, with no task of its
/// own: cancelling the consumer or dropping the iterator ends the request.
public struct WatchEvents: AsyncSequence, Sendable {
    public typealias Element = WatchEvent
    public typealias Failure = any Error

    let client: KubeClient
    let call: APICall

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: client, call: call)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: KubeClient
        let call: APICall
        private var body: HTTPClientResponse.Body.AsyncIterator?
        private var splitter = LineSplitter()
        /// Events of the chunk read last, in order, not handed out yet.
        private var ready: [WatchEvent] = []
        private var finished = false

        init(client: KubeClient, call: APICall) {
            self.client = client
            self.call = call
        }

        public mutating func next() async throws -> WatchEvent? {
            while ready.isEmpty {
                if finished { return nil }
                do {
                    try await readChunk()
                } catch {
                    // A failed watch is over: later calls end the sequence.
                    finished = true
                    body = nil
                    throw error
                }
            }
            return ready.removeFirst()
        }

        /// Reads one chunk of the body (sending the request first) and splits it into events.
        private mutating func readChunk() async throws(KubeError) {
            var iterator: HTTPClientResponse.Body.AsyncIterator
            if let body {
                iterator = body
            } else {
                iterator = try await client.openWatch(call).makeAsyncIterator()
            }
            let chunk: ByteBuffer?
            do {
                chunk = try await iterator.next()
            } catch let error as KubeError {
                throw error
            } catch {
                throw client.transportError(error, call: call)
            }
            body = iterator
            guard let chunk else {
                finished = true
                body = nil
                if let rest = splitter.finish() { ready.append(try KubeClient.event(rest, call: call)) }
                return
            }
            for line in try splitter.append(chunk.readableBytesView) {
                ready.append(try KubeClient.event(line, call: call))
            }
        }
    }
}
