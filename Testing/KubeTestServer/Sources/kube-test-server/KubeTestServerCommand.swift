import ArgumentParser
import Foundation
import KubeTestServer
import Logging
import UnixSignals

/// `kube-test-server --kubeconfig FILE [--port N]`: serves a Kubernetes API
/// for tests on loopback until SIGTERM/SIGINT.
@main
struct KubeTestServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kube-test-server",
        abstract: "A Kubernetes API server for tests (HTTPS, bearer tokens, RBAC enforced for all but the admin, CRDs, watches, webhooks).",
        discussion: """
            The kubeconfig's token is the cluster admin's (group system:masters, never restricted). \
            Other users are ServiceAccounts: `kubectl create token NAME -n NS` mints their tokens, and their \
            requests are authorized by the Roles, ClusterRoles and bindings stored in the server, as a real \
            cluster's RBAC authorizer would (`kubectl auth can-i`, impersonation with `--as`). \
            OwnerReferencesPermissionEnforcement (as on OpenShift) is on unless disabled.
            """)

    @Option(help: "Where to write a kubeconfig for kubectl and operators.")
    var kubeconfig: String

    @Option(help: "Port to listen on (0: a free port).")
    var port: Int = 0

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Flag(help: "Plain HTTP without TLS or authentication (every request is the admin).")
    var insecureHTTP = false

    @Option(help: "The admin's bearer token, written to the kubeconfig (default: random).")
    var token: String?

    @Option(help: "Changes kept for watches to resume from; older resourceVersions get 410 Gone.")
    var watchHistory: Int = 10_000

    @Option(help: "Seconds between watch bookmarks.")
    var bookmarkSeconds: Int = 5

    @Flag(help: "Do not play the DaemonSet controller (by default DaemonSets get a status as if ready on every selected node).")
    var noDaemonSetController = false

    @Flag(help: "Do not enforce OwnerReferencesPermissionEnforcement (by default, as on OpenShift, setting blockOwnerDeletion needs update on the owner's finalizers).")
    var noOwnerReferencesPermissionEnforcement = false

    @Flag(help: "Log one line per request to standard error.")
    var logRequests = false

    @Option(help: "Also write the CA certificate (PEM) here.")
    var caFile: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard watchHistory >= 1 else { throw ValidationError("--watch-history must be at least 1") }
        guard bookmarkSeconds >= 1 else { throw ValidationError("--bookmark-seconds must be at least 1") }
    }

    func run() async throws {
        var options = KubeTestServer.Options()
        options.host = host
        options.port = port
        options.useTLS = !insecureHTTP
        if insecureHTTP { options.token = nil } else if let token { options.token = token }
        options.watchHistorySize = watchHistory
        options.bookmarkInterval = .seconds(bookmarkSeconds)
        options.logRequests = logRequests
        options.simulateDaemonSets = !noDaemonSetController
        options.enforceOwnerReferencesPermission = !noOwnerReferencesPermissionEnforcement

        let server = try await KubeTestServer.start(options)
        try server.kubeconfig.write(to: kubeconfig)
        if let caFile, let pem = server.certificateAuthority?.certificatePEM {
            try Data(pem.utf8).write(to: URL(fileURLWithPath: caFile))
        }
        FileHandle.standardOutput.write(Data("kube-test-server listening on \(server.url); kubeconfig: \(kubeconfig)\n".utf8))
        await Self.waitForTermination()
        await server.shutdown()
    }

    /// Suspends until SIGTERM or SIGINT.
    private static func waitForTermination() async {
        for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) { break }
    }
}

