import Foundation
import PorticoCore

/// Takes a delivery to a hook's public URL: checks the signature before reading anything else,
/// turns the provider's event into a run and stores it under every entity whose annotations name
/// its repository, skipping redeliveries.
struct DeliveryIngestion: Sendable {
    let runs: RunStore
    let catalog: any CatalogKnowledge

    static let annotations: [Hook.Provider: [String]] = [
        .github: ["github.com/project-slug"],
        .gitlab: ["gitlab.com/project-slug"],
        .generic: ["github.com/project-slug", "gitlab.com/project-slug"],
    ]

    func ingest(_ delivery: Delivery, hook: HookCredentials) async throws -> DeliveryOutcome {
        switch hook.provider {
        case .github, .generic:
            guard DeliverySignature.isValidHMAC(delivery.signature, body: delivery.body, secret: hook.secret) else {
                throw SignalsProblem.invalidSignature
            }
        case .gitlab:
            guard DeliverySignature.isValidToken(delivery.token, secret: hook.secret) else { throw SignalsProblem.invalidSignature }
        }
        try Self.refuseNUL(delivery.body)
        guard let (run, entityRef) = try parse(delivery, provider: hook.provider) else {
            return DeliveryOutcome(status: .ignored, entities: 0)
        }
        let entities = try await entities(for: run, entityRef: entityRef, provider: hook.provider, tenant: hook.tenant)
        guard !entities.isEmpty else { return DeliveryOutcome(status: .unmapped, entities: 0) }
        let key = delivery.id.map { SignalKey.join(hook.id.uuidString.lowercased(), $0) }
        switch try await runs.apply(run, to: entities, delivery: key, tenant: hook.tenant) {
        case .applied: return DeliveryOutcome(status: .applied, entities: entities.count)
        case .outOfOrder: return DeliveryOutcome(status: .outOfOrder, entities: entities.count)
        case .duplicate: return DeliveryOutcome(status: .duplicate, entities: 0)
        }
    }

    private func parse(_ delivery: Delivery, provider: Hook.Provider) throws -> (CIRun, String?)? {
        do {
            switch provider {
            case .github:
                return try GitHubDelivery.run(event: delivery.event ?? "", body: delivery.body).map { ($0, nil) }
            case .gitlab:
                return try GitLabDelivery.run(event: delivery.event ?? "", body: delivery.body).map { ($0, nil) }
            case .generic:
                let generic = try JSONDecoder().decode(GenericRun.self, from: delivery.body)
                return (generic.run, generic.entityRef)
            }
        } catch let error as PayloadProblem {
            throw SignalsProblem.payload(error.detail, field: error.field)
        } catch let error as DecodingError {
            let problem = PorticoError(decoding: error)
            // Provider payloads were read with snake_case keys converted: name fields as the provider does.
            guard provider != .generic, let field = problem.field else { throw problem }
            let snake = Self.snakeCase(field)
            throw PorticoError(
                status: problem.status, code: problem.code, title: problem.title,
                detail: problem.detail.replacingOccurrences(of: field, with: snake), field: snake)
        }
    }

    private func entities(for run: CIRun, entityRef: String?, provider: Hook.Provider, tenant: TenantID) async throws -> [CatalogEntityHandle] {
        if let entityRef {
            return try await catalog.entity(entityRef, tenant: tenant).map { [$0] } ?? []
        }
        var found: [CatalogEntityHandle] = []
        for annotation in Self.annotations[provider] ?? [] {
            found += try await catalog.entities(annotated: annotation, values: [run.repository], tenant: tenant).map(\.entity)
        }
        return Array(Set(found)).sorted { $0.ref < $1.ref }
    }

    static func snakeCase(_ field: String) -> String {
        var result = ""
        for character in field {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// PostgreSQL stores no U+0000, raw or escaped in JSON: such a body is refused whole.
    static func refuseNUL(_ body: Data) throws {
        if body.contains(0) || body.range(of: Data(#"\u0000"#.utf8)) != nil { throw SignalsProblem.nulByte }
    }
}
