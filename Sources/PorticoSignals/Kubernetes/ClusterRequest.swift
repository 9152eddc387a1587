import Foundation
import PorticoCore
import PorticoGateway

/// `POST /api/signals/clusters`: `{"name", "apiUrl", "caCertificate", "token"}` for a cluster
/// Portico lists, or `{"name", "mode": "push"}` for one an agent feeds.
struct ClusterRequest: Decodable {
    let name: String
    let mode: Cluster.Mode
    let apiURL: URL?
    let certificateAuthority: String?
    let token: String?

    private enum CodingKeys: String, CodingKey, CaseIterable { case name, mode, apiUrl, caCertificate, token }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        guard (1...63).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw PorticoError.validation("'name' must be 1 to 63 lowercase letters, digits and dashes.", field: "name")
        }
        let modeText = try container.decodeIfPresent(String.self, forKey: .mode) ?? "pull"
        guard let mode = Cluster.Mode(rawValue: modeText) else { throw PorticoError.validation("'mode' must be pull or push.", field: "mode") }
        self.mode = mode
        let url = try container.decodeIfPresent(String.self, forKey: .apiUrl)
        certificateAuthority = try container.decodeIfPresent(String.self, forKey: .caCertificate)
        token = try container.decodeIfPresent(String.self, forKey: .token)
        switch mode {
        case .pull:
            guard let url, let parsed = URL(string: url), ["https", "http"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil,
                  url.count <= 2_048 else {
                throw PorticoError.validation("'apiUrl' must be the cluster API's http(s) URL.", field: "apiUrl")
            }
            apiURL = parsed
            guard let token, (1...16_384).contains(token.count), !token.contains(where: \.isNewline) else {
                throw PorticoError.validation("'token' must be the service account's bearer token.", field: "token")
            }
            if let certificateAuthority, !Self.isPEMCertificate(certificateAuthority) {
                throw PorticoError.validation("'caCertificate' must be PEM certificates (-----BEGIN CERTIFICATE----- ...).", field: "caCertificate")
            }
        case .push:
            guard url == nil, token == nil, certificateAuthority == nil else {
                throw PorticoError.validation("A push cluster has no 'apiUrl', 'token' or 'caCertificate'.", field: url != nil ? "apiUrl" : "token")
            }
            apiURL = nil
        }
    }

    /// One or more `CERTIFICATE` blocks whose base64 is a DER sequence; the TLS library reads them
    /// for real when the cluster is listed.
    static func isPEMCertificate(_ text: String) -> Bool {
        guard text.count <= 65_536 else { return false }
        let blocks = text.components(separatedBy: "-----BEGIN CERTIFICATE-----").dropFirst()
        guard !blocks.isEmpty else { return false }
        return blocks.allSatisfy { block in
            guard let end = block.range(of: "-----END CERTIFICATE-----") else { return false }
            let base64 = block[..<end.lowerBound].filter { !$0.isWhitespace }
            guard let der = Data(base64Encoded: String(base64)) else { return false }
            return der.first == 0x30
        }
    }
}
