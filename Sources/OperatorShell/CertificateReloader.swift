#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOSSL
import Synchronization

/// A serving certificate (the webhook's, the metrics endpoint's) from a
/// mounted secret (`tls.crt`, `tls.key`), re-read when the files change:
/// secrets are updated in place when certificates rotate, and the operator
/// must not need a restart.
final class CertificateReloader: Sendable {
    private struct Loaded {
        var context: NIOSSLContext?
        var stamp: String = ""
        var checkedAt: ContinuousClock.Instant?
    }

    let directory: String
    /// What the certificate serves ("webhook", "metrics"), for the log.
    let purpose: String
    private let logger: Logger
    private let state = Mutex(Loaded())

    init(directory: String, purpose: String, logger: Logger) {
        self.directory = directory
        self.purpose = purpose
        self.logger = logger
    }

    var certificatePath: String { directory + "/tls.crt" }
    var keyPath: String { directory + "/tls.key" }

    /// The context for a new connection; the files are looked at no more than once a second.
    func currentContext() -> NIOSSLContext? {
        let now = ContinuousClock.now
        let (cached, due) = state.withLock { loaded -> (NIOSSLContext?, Bool) in
            let due = loaded.checkedAt.map { now - $0 > .seconds(1) } ?? true
            if due { loaded.checkedAt = now }
            return (loaded.context, due)
        }
        guard due else { return cached }
        let stamp = fileStamp()
        if let cached, stamp == state.withLock({ $0.stamp }) { return cached }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
            let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
            let context = try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
            state.withLock {
                $0.context = context
                $0.stamp = stamp
            }
            logger.info("\(purpose) certificate loaded", metadata: ["path": "\(certificatePath)"])
            return context
        } catch {
            logger.error("\(purpose) certificate could not be loaded", metadata: ["path": "\(certificatePath)", "error": "\(error)"])
            return cached
        }
    }

    /// Size and modification time of both files (and what a symlink points at, as kubelet swaps `..data`).
    private func fileStamp() -> String {
        [certificatePath, keyPath].map { path in
            let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? path
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = attributes?[.size] as? UInt ?? 0  // FileManager gives the size as a UInt
            return "\(resolved):\(modified):\(size)"
        }.joined(separator: "|")
    }
}
