import Foundation
import PorticoCore
import PorticoSeam

/// What the operator configures for signals: the key that seals hook secrets and cluster tokens,
/// where public hook URLs point, and how often clusters are listed.
public struct SignalsSettings: Sendable {
    /// Seals webhook secrets and cluster tokens at rest; nil: hooks and pulled clusters cannot be made.
    public let keySealer: SecretSealer?
    /// The public base of hook URLs (`https://portico.example.com`); empty: URLs are paths.
    public let publicBaseURL: String
    /// How often each pulled cluster is listed.
    public let clusterSyncPeriod: Duration
    /// The longest one listing of a cluster (every page of every kind) may take.
    public let clusterDeadline: Duration
    /// How often retention runs over each tenant's signals.
    public let retentionSweepInterval: Duration
    /// How long a System's, Domain's or Group's days before today are kept per process
    /// (`SignalsReader`); zero: read every time.
    public let rollupPastDaysLifetime: Duration

    public static let descriptions: [SettingDescription] = [
        .init(key: "keyEncryptionKey", defaultValue: "",
              meaning: "32 bytes, base64: seals webhook secrets and cluster tokens at rest (AES-GCM); empty: hooks and pulled clusters cannot be made"),
        .init(key: "publicUrl", defaultValue: "",
              meaning: "the public base URL of this deployment, for webhook URLs (https://portico.example.com); empty: URLs are paths"),
        .init(key: "clusterSyncSeconds", defaultValue: "60",
              meaning: "how often each registered Kubernetes cluster is listed (10-3600 s)"),
        .init(key: "clusterTimeoutSeconds", defaultValue: "20",
              meaning: "the longest one listing of a cluster may take, every page included (1-300 s)"),
        .init(key: "retentionSweepMinutes", defaultValue: "60",
              meaning: "how often runs and rollups past each tenant's retention are deleted (1-1440 minutes)"),
        .init(key: "rollupPastDaysSeconds", defaultValue: "60",
              meaning: "how long System, Domain and Group views keep their days before today per process (0-3600 s; 0: read each time): a late run or cost row for a past day shows in them within it"),
    ]

    static func read(_ reader: SettingsReader) -> SignalsSettings {
        let sealer: SecretSealer? = reader.parse("keyEncryptionKey", placeholder: nil, secret: true) { raw in
            guard !raw.isEmpty else { return nil }
            guard let key = Data(base64Encoded: raw), key.count == 32 else {
                throw SettingsReader.Problem("must be 32 bytes in base64 (openssl rand -base64 32)")
            }
            return SecretSealer(key: key)
        }
        let base = reader.parse("publicUrl", placeholder: "") { raw in
            guard !raw.isEmpty else { return "" }
            guard let url = URL(string: raw), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw SettingsReader.Problem("must be an http(s) URL")
            }
            return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        }
        return SignalsSettings(
            keySealer: sealer, publicBaseURL: base,
            clusterSyncPeriod: .seconds(reader.integer("clusterSyncSeconds", in: 10...3_600)),
            clusterDeadline: .seconds(reader.integer("clusterTimeoutSeconds", in: 1...300)),
            retentionSweepInterval: .seconds(60 * reader.integer("retentionSweepMinutes", in: 1...1_440)),
            rollupPastDaysLifetime: .seconds(reader.integer("rollupPastDaysSeconds", in: 0...3_600)))
    }
}
