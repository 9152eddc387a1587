import Foundation
import HummingbirdTesting
import PorticoCatalog
@testable import PorticoApp

extension TestClientProtocol {
    /// Pushes the YAML fixture's entities as provider `provider`.
    func pushFixture(token: String, provider: String = "fixture") async throws -> TestResponse {
        let entities = try DescriptorParser.parseYAML(CatalogFixture.yaml)
        let body = try JSONEncoder().encode(["entities": entities])
        return try await call(.put, "/api/catalog/providers/\(provider)/entities", token: token,
                              rawBody: String(decoding: body, as: UTF8.self))
    }

    func entityNames(_ path: String, token: String) async throws -> [String] {
        let response = try await call(.get, path, token: token)
        let items = response.jsonArray ?? (response.json["items"] as? [[String: Any]]) ?? []
        return items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }.sorted()
    }
}

extension TestResponse {
    var jsonArray: [[String: Any]]? {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [[String: Any]]
    }
}

/// A generated component for bulk tests.
func component(_ name: String, owner: String = "team-a", labels: [String: String] = [:]) -> [String: Any] {
    [
        "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
        "metadata": ["name": name, "labels": labels],
        "spec": ["type": "service", "lifecycle": "production", "owner": owner],
    ]
}
