import Foundation
import PorticoCore

/// Takes a delivery to a hook's public URL: checks the signature before reading anything else,
/// turns the provider's event into a run and stores it under every entity whose annotations name
/// its repository, skipping redeliveries.
///
/// The checks and the parsing are each request's own; the writing is grouped per tenant
/// (`TenantGroupCommit`): deliveries that arrive while the tenant's previous group is written go
/// together, with one look at the tenant's status, one catalog lookup for all their repositories
/// and one transaction, each delivery still answered as if it had come alone.
struct DeliveryIngestion: Sendable {
    /// How many deliveries one group writes, how many groups of a tenant are written at once (so
    /// many pooled connections at most), and how many of its deliveries may wait (past it: 503).
    static let maximumGroup = 200
    static let maximumInFlight = 4
    static let maximumWaiting = 2_000

    private let groups: TenantGroupCommit<ParsedDelivery, DeliveryOutcome>

    init(runs: RunStore, catalog: any CatalogKnowledge, tenants: any TenantDirectory) {
        let writer = DeliveryGroupWriter(runs: runs, catalog: catalog, tenants: tenants)
        groups = TenantGroupCommit(
            maximumGroup: Self.maximumGroup, maximumInFlight: Self.maximumInFlight, maximumWaiting: Self.maximumWaiting,
            overflow: SignalsProblem.deliveriesBusy
        ) { group, tenant in
            SignalsMetrics.groupSize.record(group.count)
            return await writer.write(group, tenant: tenant)
        }
    }

    static let annotations: [Hook.Provider: [String]] = [
        .github: ["github.com/project-slug"],
        .gitlab: ["gitlab.com/project-slug"],
        .generic: ["github.com/project-slug", "gitlab.com/project-slug"],
    ]

    func ingest(_ delivery: Delivery, hook: HookCredentials) async throws -> DeliveryOutcome {
        let outcome = try await verifyParseAndWrite(delivery, hook: hook)
        SignalsMetrics.delivered(outcome.status)
        return outcome
    }

    private func verifyParseAndWrite(_ delivery: Delivery, hook: HookCredentials) async throws -> DeliveryOutcome {
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
        let key = delivery.id.map { SignalKey.join(hook.id.uuidString.lowercased(), $0) }
        return try await groups.submit(
            ParsedDelivery(run: run, entityRef: entityRef, provider: hook.provider, delivery: key), tenant: hook.tenant)
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
            throw PorticoError(decoding: error)
        }
    }

    /// PostgreSQL stores no U+0000, raw or escaped in JSON: such a body is refused whole. Searched
    /// with `memchr`, which reads a word at a time (a loop over the bytes was 1 % of all CPU).
    static func refuseNUL(_ body: Data) throws {
        if body.withUnsafeBytes(containsNUL) { throw SignalsProblem.nulByte }
    }

    private static let escapedNUL = Array(#"\u0000"#.utf8)

    private static func containsNUL(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        if memchr(base, 0, bytes.count) != nil { return true }
        var offset = 0
        while offset < bytes.count, let found = memchr(base + offset, Int32(UInt8(ascii: "\\")), bytes.count - offset) {
            let index = base.distance(to: UnsafeRawPointer(found))
            if bytes[index...].starts(with: escapedNUL) { return true }
            // The byte after a backslash is escaped: `\\u0000` is a backslash and text.
            offset = index + 2
        }
        return false
    }
}
