import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoStore
import PostgresNIO

/// The catalog's operations for one tenant. Every call runs in a transaction scoped to the
/// tenant's schema and role; nothing here can name another tenant's data.
public struct CatalogService: Sendable {
    let database: Database
    /// Where reads send the keys they would have wanted postings of; none, none are asked for.
    let postingRequests: PostingKeyRequests?

    public init(database: Database) {
        self.init(database: database, postingRequests: nil)
    }

    init(database: Database, postingRequests: PostingKeyRequests?) {
        self.database = database
        self.postingRequests = postingRequests
    }

    var logger: Logger { database.logger }

    // MARK: - Writes

    public enum Mutation: Sendable {
        /// The source's whole set: entities not in it are removed.
        case replace([JSONValue])
        /// Entities to add or update, and refs to remove.
        case delta(added: [JSONValue], removed: [String])
    }

    /// Applies a provider's push. All-or-nothing: an invalid entity refuses the whole request
    /// (422 listing each problem) and nothing is written.
    public func apply(_ mutation: Mutation, source: EntitySource, tenant: TenantContext) async throws -> IngestionReport {
        let added: [JSONValue]
        let addedField: String
        var removedKeys: [String] = []
        switch mutation {
        case .replace(let entities):
            added = entities
            addedField = "entities"
        case .delta(let entities, let removed):
            added = entities
            addedField = "added"
            for (index, text) in removed.enumerated() {
                guard !text.utf8.contains(0) else {
                    throw PorticoError.invalidRequest("The ref contains U+0000, which cannot be stored.", field: "removed[\(index)]")
                }
                do { removedKeys.append(try EntityRef(parsing: text).key) } catch {
                    throw PorticoError.validation("\(error.description).", field: "removed[\(index)]")
                }
            }
        }
        // A push that cannot fit whatever is already stored is refused before any entity is validated.
        let limit = tenant.entitlements.limit(CatalogModule.maxEntities)
        guard added.count <= limit else { throw Self.entityLimitReached(tenant.entitlements, count: added.count) }
        var report = IngestionReport()
        let processed = await Self.process(added, report: &report)
        guard report.errors.isEmpty else {
            // Text PostgreSQL cannot store is malformed input rather than an invalid entity: 400, not 422.
            if let unstorable = report.errors.first(where: { $0.message == EntityProblem.unstorableTextMessage }) {
                throw PorticoError.invalidRequest(
                    "The text contains U+0000, which cannot be stored.", field: "\(addedField)[\(unstorable.index)].\(unstorable.field)")
            }
            throw CatalogError.invalidEntities(report.errors)
        }
        let replace: Bool
        if case .replace = mutation { replace = true } else { replace = false }
        return try await database.withTenantTransaction(tenant.id) { connection in
            var report = report
            let writer = try await EntityWriter.locked(connection: connection, logger: logger, tenant: tenant.id)
            let keys = processed.map(\.key)
            let projected = try await writer.projectedCount(of: source, writing: keys, removing: removedKeys, replacing: replace)
            guard projected <= limit else { throw Self.entityLimitReached(tenant.entitlements, count: projected) }
            try await writer.upsert(processed, source: source, report: &report)
            if replace {
                report.removed = try await writer.delete(.source(source, except: keys))
            } else if !removedKeys.isEmpty {
                report.removed = try await writer.delete(.refs(removedKeys, of: source))
            }
            return report
        }
    }

    static func entityLimitReached(_ entitlements: Entitlements, count: Int) -> PorticoError {
        .planLimitReached(
            plan: entitlements.plan, allows: "\(entitlements.limit(CatalogModule.maxEntities)) entities",
            advice: "this change would make \(count).")
    }

    /// Validates and prepares entities; invalid ones are recorded in the report by index. Large
    /// sets are validated in slices on all cores; duplicates are found in one ordered pass after.
    static func process(_ entities: [JSONValue], report: inout IngestionReport) async -> [ProcessedEntity] {
        let sliceCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, entities.count / 2_000))
        let sliceSize = (entities.count + sliceCount - 1) / max(sliceCount, 1)
        var outcomes: [[Prepared]] = Array(repeating: [], count: sliceCount)
        if sliceCount == 1 {
            outcomes[0] = entities.indices.map { prepare(entities[$0], index: $0) }
        } else {
            await withTaskGroup(of: (Int, [Prepared]).self) { group in
                for slice in 0..<sliceCount {
                    let range = (slice * sliceSize)..<min(entities.count, (slice + 1) * sliceSize)
                    group.addTask { (slice, range.map { prepare(entities[$0], index: $0) }) }
                }
                for await (slice, results) in group { outcomes[slice] = results }
            }
        }
        var processed: [ProcessedEntity] = []
        processed.reserveCapacity(entities.count)
        var seen: [String: Int] = [:]
        for (index, outcome) in outcomes.joined().enumerated() {
            switch outcome {
            case .invalid(let error):
                report.errors.append(error)
            case .valid(let item):
                if let first = seen[item.key] {
                    report.errors.append(.init(index: index, entityRef: item.entity.ref.description, field: "metadata.name",
                                               message: "duplicates entity #\(first) (names are unique per kind and namespace, ignoring case)"))
                    continue
                }
                seen[item.key] = index
                processed.append(item)
            }
        }
        return processed
    }

    private enum Prepared: Sendable {
        case valid(ProcessedEntity)
        case invalid(IngestionReport.ItemError)
    }

    private static func prepare(_ raw: JSONValue, index: Int) -> Prepared {
        do {
            return .valid(try ProcessedEntity(try EntityValidator.validate(raw)))
        } catch {
            let ref = (raw["kind"]?.stringValue).flatMap { kind in
                raw["metadata"]?["name"]?.stringValue.map { "\(kind):\(raw["metadata"]?["namespace"]?.stringValue ?? "default")/\($0)" }
            }
            return .invalid(.init(index: index, entityRef: ref, field: error.field, message: error.message))
        }
    }

    /// Deletes one entity by uid (it comes back if its source still has it).
    public func delete(uid: UUID, tenant: TenantContext) async throws -> Bool {
        try await database.withTenantTransaction(tenant.id) { connection in
            let writer = try await EntityWriter.locked(connection: connection, logger: logger, tenant: tenant.id)
            return try await writer.delete(.uid(uid)) > 0
        }
    }

    // MARK: - Reads

    func read<Result: Sendable>(_ tenant: TenantContext, _ body: @Sendable (EntityReader) async throws -> Result) async throws -> Result {
        let suggestions = PostingSuggestions()
        let result = try await database.withTenantTransaction(tenant.id) { connection in
            try await body(EntityReader(connection: connection, logger: logger, suggestions: suggestions))
        }
        let noted = suggestions.noted
        if let postingRequests, !noted.isEmpty { await postingRequests.request(noted, tenant: tenant.id) }
        return result
    }
}

enum CatalogError {
    static func invalidEntities(_ errors: [IngestionReport.ItemError]) -> PorticoError {
        let first = errors[0]
        let summary = errors.prefix(20).map { "#\($0.index) \($0.entityRef ?? "?"): \($0.field) \($0.message)" }.joined(separator: "; ")
        return PorticoError(
            status: 422, code: "invalid_entity", title: "Invalid entity",
            detail: "\(errors.count) entit\(errors.count == 1 ? "y is" : "ies are") invalid; nothing was written: \(summary)",
            field: "entities[\(first.index)].\(first.field)")
    }
}
