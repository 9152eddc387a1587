import Foundation
import PorticoCore
import PorticoStore

/// What `POST /api/insights/events` answers.
struct IngestionOutcome: Codable, Sendable, Equatable {
    struct Rejected: Codable, Sendable, Equatable {
        let index: Int
        let code: String
        let detail: String
    }

    var accepted: Int
    var duplicates: Int
    var rejected: [Rejected]
}

/// Takes a batch of events for a tenant: checks each, pseudonymizes its user, stores the new ones
/// in one statement, and has them rolled up.
struct EventIngestion: Sendable {
    let database: Database
    let settings: InsightsSettingsStore
    let quota: DailyEventQuota
    let trigger: RollupTrigger

    func ingest(_ batch: EventBatch, for context: TenantContext, now: Date = Date()) async throws -> IngestionOutcome {
        let tenant = context.id
        try await quota.check(batch.slots.count, for: context, now: now)
        let tenantSettings = try await settings.settings(for: tenant)
        let validator = EventValidator(now: now)
        var outcome = IngestionOutcome(accepted: 0, duplicates: 0, rejected: [])
        var candidates: [(index: Int, row: EventStore.Row)] = []
        var firstInBatch: [UUID: Int64] = [:]
        var repeats: [(index: Int, event: ValidEvent)] = []
        var userKeys: [String: String] = [:]
        for (index, slot) in batch.slots.enumerated() {
            do throws(EventRejection) {
                let event = try validator.validate(try slot.event.get())
                if firstInBatch[event.key] != nil {
                    // Told apart once it is known which event the id stands for (see below).
                    repeats.append((index, event))
                    continue
                }
                firstInBatch[event.key] = event.fingerprint
                let userKey = userKeys[event.userRef] ?? tenantSettings.userKey(for: event.userRef)
                userKeys[event.userRef] = userKey
                candidates.append((index, EventStore.Row(event: event, userKey: userKey)))
            } catch {
                outcome.rejected.append(.init(index: index, code: error.code.rawValue, detail: error.detail))
            }
        }
        let rows = candidates.map(\.row)
        let (refused, stored) = try await database.withTenantTransaction(tenant) { connection in
            let store = EventStore(connection: connection, logger: database.logger)
            let refused = try await store.insert(rows)
            var stored = refused.compactMapValues { $0 }
            // Events a concurrent batch stored while the insert ran: this next statement sees them.
            let unseen = refused.filter { $0.value == nil }.map(\.key)
            stored.merge(try await store.fingerprints(of: unseen)) { first, _ in first }
            return (Set(refused.keys), stored)
        }
        for (index, row) in candidates where refused.contains(row.event.key) {
            do throws(EventRejection) {
                // An event erased or past retention since it was stored is still the same event.
                try Self.repeated(row.event, storedFingerprint: stored[row.event.key] ?? row.event.fingerprint, outcome: &outcome)
            } catch {
                outcome.rejected.append(.init(index: index, code: error.code.rawValue, detail: error.detail))
            }
        }
        // A later use of an id in the same batch is measured against the event the id stands
        // for: the one stored before this batch, else the batch's first use (stored now).
        for (index, event) in repeats {
            do throws(EventRejection) {
                let original = refused.contains(event.key) ? stored[event.key] ?? firstInBatch[event.key] : firstInBatch[event.key]
                try Self.repeated(event, storedFingerprint: original ?? event.fingerprint, outcome: &outcome)
            } catch {
                outcome.rejected.append(.init(index: index, code: error.code.rawValue, detail: error.detail))
            }
        }
        outcome.accepted = rows.count - refused.count
        outcome.rejected.sort { $0.index < $1.index }
        InsightsMetrics.record(outcome)
        // A retried batch triggers too: its first try may have stored the events and failed after.
        if !candidates.isEmpty {
            try await trigger.eventsStored(for: tenant, at: now)
        }
        return outcome
    }

    private static func repeated(_ event: ValidEvent, storedFingerprint: Int64, outcome: inout IngestionOutcome) throws(EventRejection) {
        guard storedFingerprint == event.fingerprint else {
            throw EventRejection(code: .idReused, detail: "The id was already used by a different event; it is not counted again.")
        }
        outcome.duplicates += 1
    }
}
