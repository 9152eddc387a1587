import Foundation
import Testing
@testable import PorticoApp

/// Every example of the `filter` parameter in Backstage's OpenAPI document of the catalog, on
/// entities made to match them (the document's `{a: {b: ["c", {d: 1}], e: 7}}` sits under `spec`).
@Suite struct CatalogFilterDocumentationTests {
    static var entities: [[String: Any]] { [
        [
            "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": ["name": "documented", "tags": ["java"], "annotations": ["backstage.io/orphan": "true"]],
            "spec": ["type": "service", "lifecycle": "production", "owner": "ops", "a": ["b": ["c", ["d": 1]], "e": 7]],
        ],
        [
            "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": ["name": "plain", "tags": ["go"]],
            "spec": ["type": "service", "lifecycle": "production", "owner": "ops"],
        ],
        ["apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": ["name": "ops"], "spec": ["type": "team", "children": []]],
        ["apiVersion": "backstage.io/v1alpha1", "kind": "User", "metadata": ["name": "member"], "spec": ["memberOf": ["ops"]]],
        ["apiVersion": "backstage.io/v1alpha1", "kind": "User", "metadata": ["name": "outsider", "namespace": "elsewhere"], "spec": [:]],
    ] }

    @Test func everyDocumentedFilterExampleWorks() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let body = try JSONSerialization.data(withJSONObject: ["entities": Self.entities])
                let pushed = try await client.call(.put, "/api/catalog/providers/docs/entities", token: tenant.apiKey,
                                                   rawBody: String(decoding: body, as: UTF8.self))
                #expect(pushed.status == .ok)
                func names(_ query: String) async throws -> [String] {
                    try await client.entityNames("/api/catalog/entities/by-query?\(query)&limit=100", token: tenant.apiKey)
                }
                // "This would match any one of the following conditions."
                for condition in ["a", "a.b", "a.b.c", "a.b.c=true", "a.b.d", "a.b.d=1", "a.e", "a.e=7"] {
                    #expect(try await names("filter=spec.\(condition)") == ["documented"], "spec.\(condition)")
                }
                #expect(try await names("filter=spec.a.b.d=2") == [])
                #expect(try await names("filter=metadata.annotations.backstage.io/orphan=true") == ["documented"])
                #expect(try await names("filter=kind=component,metadata.annotations.backstage.io/orphan=true") == ["documented"])
                #expect(try await names("filter=kind=group") == ["ops"])
                #expect(try await names("filter=kind=user&filter=kind=group") == ["member", "ops", "outsider"])
                #expect(try await names("filter=kind=component,spec.type=service") == ["documented", "plain"])
                #expect(try await names("filter=metadata.tags.java") == ["documented"])
                #expect(try await names("filter=kind=user,relations.memberof=group:default/ops") == ["member"])
                #expect(try await names("filter=kind=user,metadata.namespace=default&filter=kind=group,spec.type") == ["member", "ops"])
            }
        }
    }
}
