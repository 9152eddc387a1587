import Foundation
import Logging
import PorticoCore
import PorticoOutbound
import Testing
@testable import PorticoSignals

/// A cluster API behind a certificate from its own CA (as every cluster's is) is reached through
/// the CA registered with it, and not without it. The server is `openssl s_server`, whose status
/// page is no Kubernetes list: getting that far means the TLS handshake succeeded.
@Suite struct SignalsClusterTLSTests {
    static func withTLSServer(_ body: (Int, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signals-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try run("/bin/sh", ["-c", """
            set -e
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=signals-test-ca 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext.cnf
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf 2>/dev/null
            """], in: directory)
        let port = try freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["openssl", "s_server", "-quiet", "-accept", "127.0.0.1:\(port)", "-cert", "server.pem", "-key", "server.key", "-www"]
        server.currentDirectoryURL = directory
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        // s_server reads commands from its input: give it none.
        server.standardInput = FileHandle.nullDevice
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        try await eventually("openssl s_server accepts", timeout: .seconds(30), every: .milliseconds(100)) { canConnect(port) }
        try await body(port, try String(contentsOf: directory.appendingPathComponent("ca.pem"), encoding: .utf8))
    }

    @Test func theRegisteredCertificateAuthorityIsTheOneTrusted() async throws {
        try await Self.withTLSServer { port, ca in
            let outbound = GuardedHTTPClient(policy: OutboundPolicy(allowLoopback: true), logger: Logger(label: "tls-test"))
            let url = URL(string: "https://127.0.0.1:\(port)")!
            func failure(_ certificateAuthority: String?) async -> String {
                let lister = KubernetesLister(outbound: outbound)
                let access = ClusterAccess(id: UUID(), name: "tls", apiURL: url, certificateAuthority: certificateAuthority, token: "t")
                do {
                    _ = try await lister.lists(access, selector: "app=x", until: .now + .seconds(20))
                    return "listed"
                } catch {
                    return "\(error)"
                }
            }
            let trusted = await failure(ca)
            #expect(trusted.contains("did not answer a Kubernetes list"), "the handshake succeeded with the cluster's CA: \(trusted)")
            let untrusted = await failure(nil)
            #expect(untrusted.contains("TLS handshake failed"), "the system's roots do not know the cluster's CA: \(untrusted)")
            let bogus = await failure("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
            #expect(bogus.contains("not a PEM certificate"), "\(bogus)")
        }
    }

    private static func run(_ tool: String, _ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }

    private static func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func canConnect(_ port: Int) -> Bool {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
