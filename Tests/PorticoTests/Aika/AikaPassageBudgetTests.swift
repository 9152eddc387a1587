import Foundation
import PorticoCore
import Testing
@testable import PorticoAika
@testable import PorticoApp

/// The plan's cap on document passages is checked in the write's transaction, before anything is
/// written; replacing a document or a provider's set counts what it replaces as gone.
@Suite struct AikaPassageBudgetTests {
    static func context(_ tenant: TestTenant, passages: Int) -> TenantContext {
        let entitlements = Entitlements(
            plan: "enterprise", entitlements: [AikaModule.entitlement],
            limits: PlanLimits(requestsPerSecond: 50, burst: 100, values: [AikaModule.maxDocumentPassages: passages]))
        return TenantContext(id: tenant.id, slug: Slug(stored: tenant.slug), entitlements: entitlements)
    }

    static func document(_ id: String, sections: Int) -> ValidDocument {
        let body = "# \(id)\n\n" + (0..<sections).map { "## Part \($0)\n\nText of part \($0)." }.joined(separator: "\n\n")
        return ValidDocument(id: id, title: id, url: nil, entityRef: nil, body: body)
    }

    @Test func writesPastThePlansPassagesAreRefusedBeforeAnythingIsWritten() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            let context = Self.context(tenant, passages: 5)
            let documents = DocumentService(store: KnowledgeStore(database: runtime.database), database: runtime.database)

            #expect(try await documents.put(Self.document("a", sections: 3), for: context).passages == 3)
            let refused = await #expect(throws: PorticoError.self) {
                try await documents.put(Self.document("b", sections: 3), for: context)
            }
            #expect(refused?.code == "plan_limit_reached")
            #expect(try await documents.document("b", for: tenant.id) == nil)
            // Replacing "a" with a larger version counts its old passages as gone.
            #expect(try await documents.put(Self.document("a", sections: 5), for: context).passages == 5)

            // A provider's set replaces its own documents: they do not count against it.
            let set = try await documents.replaceSet([Self.document("x", sections: 0)], provider: "p", for: Self.context(tenant, passages: 6))
            #expect(set.passages == 1)
            let swapped = try await documents.replaceSet([Self.document("y", sections: 0)], provider: "p", for: Self.context(tenant, passages: 6))
            #expect(swapped.deleted == 1)
            await #expect(throws: PorticoError.self) {
                try await documents.replaceSet(
                    [Self.document("y", sections: 0), Self.document("z", sections: 0)], provider: "p", for: Self.context(tenant, passages: 6))
            }
        }
    }
}
