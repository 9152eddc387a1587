import AsyncHTTPClient
import NIOSSL
import PorticoCore

/// The HTTP client of one hop, whose only way to reach the host is the address that was checked.
/// It is shut down when the hop is closed or at the deadline, whichever comes first; shutting it
/// down fails whatever read is pending, so no server can hold the caller by trickling bytes.
final class PinnedClient: Sendable {
    let client: HTTPClient
    private let watchdog: Task<Void, Never>

    /// - Parameter trustRoots: certificates to trust instead of the system's roots, for https.
    init(pinning host: String, to address: IPAddress, until deadline: ContinuousClock.Instant, trustRoots: [NIOSSLCertificate]? = nil) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        if let trustRoots {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(trustRoots)
            configuration.tlsConfiguration = tls
        }
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.dnsOverride = [host: address.description, "[\(host)]": address.description]
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.client = client
        watchdog = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            try? await client.shutdown()
        }
    }

    /// Ends the hop now: its connection closes and a pending read fails.
    func close() {
        watchdog.cancel()
    }
}
