import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JSONValues
import KubeModel
import KubeTestServer
import Testing

/// Validating admission webhooks against a real HTTPS server (python3's ssl
/// module), with a certificate from the test server's CA, reached through a
/// Service as in a cluster.
@Suite struct WebhookTests {
    /// Allows everything except objects whose name starts with "bad".
    static let webhookServer = #"""
        import http.server, json, ssl, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                review = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
                request = review['request']
                name = (request.get('object') or request.get('oldObject') or {}).get('metadata', {}).get('name', '')
                with open(sys.argv[4], 'a') as log:
                    log.write(request['operation'] + ' ' + name + '\n')
                allowed = not name.startswith('bad')
                response = {'uid': request['uid'], 'allowed': allowed}
                if not allowed:
                    response['status'] = {'code': 403, 'reason': 'Forbidden', 'message': 'names starting with bad are refused'}
                body = json.dumps({'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'response': response}).encode()
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        with open(sys.argv[3], 'w') as f:
            f.write(str(server.server_address[1]))
        server.serve_forever()
        """#

    @Test func webhooksJudgeMatchingWritesAndFailurePolicyApplies() async throws {
        try await APIContractTests.withServer { server, client in
            let directory = try temporaryDirectory("webhook")
            defer { try? FileManager.default.removeItem(at: directory) }
            let ca = try #require(server.certificateAuthority)
            let (certificate, key) = try ca.issueServerCertificate(
                commonName: "relay-webhook.relay-system.svc", dnsNames: ["relay-webhook.relay-system.svc"])
            let files = ["cert.pem": certificate, "key.pem": key, "server.py": Self.webhookServer]
            for (name, content) in files { try Data(content.utf8).write(to: directory.appendingPathComponent(name)) }
            let portFile = directory.appendingPathComponent("port").path
            let logFile = directory.appendingPathComponent("calls").path
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", directory.appendingPathComponent("server.py").path,
                                directory.appendingPathComponent("cert.pem").path, directory.appendingPathComponent("key.pem").path,
                                portFile, logFile]
            try python.run()
            // SIGKILL: a child spawned from a pool thread may inherit a mask that blocks SIGTERM.
            defer { kill(python.processIdentifier, SIGKILL); python.waitUntilExit() }
            var port: Int?
            for _ in 0..<200 where port == nil {
                port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
                if port == nil { try await Task.sleep(for: .milliseconds(25)) }
            }
            let webhookPort = try #require(port, "the python webhook server did not start")

            // The Service in front of the webhook: port 443 → targetPort on loopback.
            _ = try await client.request("POST", "/api/v1/namespaces", body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "relay-system"]])
            _ = try await client.request("POST", "/api/v1/namespaces/relay-system/services", body: [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "relay-webhook"],
                "spec": ["ports": [["port": 443, "targetPort": .int(Int64(webhookPort))]]],
            ])
            let caBundle = Data(ca.certificatePEM.utf8).base64EncodedString()
            func configuration(_ name: String, service: String, failurePolicy: String) -> JSONValue {
                ["apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
                 "metadata": ["name": .string(name)],
                 "webhooks": [[
                    "name": .string("\(name).example.com"), "admissionReviewVersions": ["v1"], "sideEffects": "None",
                    "failurePolicy": .string(failurePolicy),
                    "clientConfig": ["caBundle": .string(caBundle),
                                     "service": ["namespace": "relay-system", "name": .string(service), "path": "/validate"]],
                    "rules": [["operations": ["CREATE", "UPDATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": ["configmaps"]]],
                 ]]]
            }
            let webhooks = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations"
            #expect(try await client.request("POST", webhooks, body: configuration("relay", service: "relay-webhook", failurePolicy: "Fail")).status == 201)

            let configMaps = "/api/v1/namespaces/default/configmaps"
            let allowed = try await client.request("POST", configMaps, body: APIContractTests.configMap("good"))
            #expect(allowed.status == 201)
            let denied = try await client.request("POST", configMaps, body: APIContractTests.configMap("bad-one"))
            #expect(denied.status == 403)
            #expect(denied.body["message"] == "admission webhook \"relay.example.com\" denied the request: names starting with bad are refused")
            #expect(try await client.request("GET", configMaps + "/bad-one").status == 404)
            // Other kinds are not sent to it.
            #expect(try await client.request("POST", "/api/v1/namespaces/default/secrets",
                                             body: ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "bad-secret"]]).status == 201)
            let calls = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            #expect(calls == "CREATE good\nCREATE bad-one\n")

            // An unreachable webhook: Fail refuses, Ignore lets the request through.
            _ = try await client.request("DELETE", webhooks + "/relay")
            _ = try await client.request("POST", webhooks, body: configuration("down", service: "missing", failurePolicy: "Fail"))
            let failed = try await client.request("POST", configMaps, body: APIContractTests.configMap("while-down"))
            #expect(failed.status == 500)
            #expect(failed.body["message"].stringValue?.contains("failed calling webhook \"down.example.com\"") == true)
            _ = try await client.request("DELETE", webhooks + "/down")
            _ = try await client.request("POST", webhooks, body: configuration("lenient", service: "missing", failurePolicy: "Ignore"))
            #expect(try await client.request("POST", configMaps, body: APIContractTests.configMap("while-down")).status == 201)
        }
    }
}
