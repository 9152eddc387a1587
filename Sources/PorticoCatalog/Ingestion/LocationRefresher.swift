import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// The `catalog.refresh-location` job: fetches a location, writes what changed, keeps the last
/// good version of entities that now fail, handles orphans, records the outcome on the location,
/// and schedules the next refresh (interval ± 10% jitter). Any failure of a refresh (fetch, parse,
/// plan limit, database, deadline) is the location's state and the schedule goes on; the job
/// itself fails only when the location cannot even be read or updated (its kind then starts over).
public struct LocationRefresher: Sendable {
    let database: Database
    let fetcher: DescriptorFetcher
    let tenants: any TenantDirectory

    public init(database: Database, fetcher: DescriptorFetcher, tenants: any TenantDirectory) {
        self.database = database
        self.fetcher = fetcher
        self.tenants = tenants
    }

    public func refresh(_ payload: LocationJobPayload, context: JobContext) async throws {
        let tenant = payload.tenantID
        guard let snapshot = try await tenants.snapshot(of: tenant), snapshot.status == .active || snapshot.status == .suspended else {
            return // deleted: the schedule ends here
        }
        let logger = context.logger
        guard let state = try await database.withTenantTransaction(tenant, { connection in
            try await Self.state(of: payload.locationID, on: connection, tenant: tenant, logger: logger)
        }) else { return }
        let location = state.location
        let settings = state.settings
        // A location whose Location entity is missing (registered before there were any, or the
        // entity was deleted) is read whole again, so that this refresh writes it.
        let refreshState = state.hasOwnEntity ? state.refreshState : .init(etag: nil, contentHash: nil)
        if snapshot.status == .active, let url = URL(string: location.target) {
            do {
                try await ingest(url, location: location, refreshState: refreshState, snapshot: snapshot, settings: settings,
                                 payload: payload, logger: logger)
            } catch where Task.isCancelled && !context.isPastDeadline {
                throw error // shutdown: the job goes back to the queue and runs again
            } catch {
                let message = Task.isCancelled ? JobDeadlineExceeded(context.deadline).description : readableDescription(of: error)
                try await recordFailure(payload, message: message, logger: logger)
            }
        }
        try scheduleNext(payload, settings: settings, context: context)
    }

    private func ingest(
        _ url: URL, location: Location, refreshState: LocationRepository.RefreshState, snapshot: TenantSnapshot,
        settings: CatalogSettings, payload: LocationJobPayload, logger: Logger
    ) async throws {
        let tenant = payload.tenantID
        let source = EntitySource.location(payload.locationID)
        let read = try await LocationReader(fetcher: fetcher).read(url, ifNoneMatch: refreshState.etag)
        if read.notModified || read.contentHash == refreshState.contentHash {
            try await database.withTenantTransaction(tenant) { connection in
                let locations = LocationRepository(connection: connection, logger: logger)
                try await locations.recordSuccess(payload.locationID, etag: nil, contentHash: nil, problems: location.refresh.problems, entityCount: nil)
            }
            return
        }

        var problems = read.problems
        var report = IngestionReport()
        let own = try GeneratedLocationEntity(location).processed()
        var processed = await CatalogService.process(read.entities(origin: url), report: &report)
        if let index = processed.firstIndex(where: { $0.key == own.key }) {
            problems.append(.init(target: location.target, entityRef: processed.remove(at: index).entity.ref.description,
                                  field: "metadata.name", message: "is the name of the location's own Location entity"))
        }
        var refused: [String: [LocationProblem]] = [:]
        let processedKeys = Set(processed.map(\.key))
        for error in report.errors {
            let entry = LocationProblem(
                target: read.documents[error.index].url.absoluteString, entityRef: error.entityRef, field: error.field, message: error.message)
            problems.append(entry)
            // A refused new version keeps the last good one live, with the error on it.
            if let ref = error.entityRef, let key = try? EntityRef(parsing: ref).key, !processedKeys.contains(key) {
                refused[key, default: []].append(entry)
            }
        }
        // An entity whose substitution failed is refused the same way: its last good version stays.
        for problem in read.problems {
            if let ref = problem.entityRef, let key = try? EntityRef(parsing: ref).key, !processedKeys.contains(key) {
                refused[key, default: []].append(problem)
            }
        }
        let finalProblems = problems
        let refusedErrors = refused
        // The location's own Location entity is written with what its target describes, so it is
        // counted, kept and owned the same way.
        let toWrite = [own] + processed
        let ownRef = own.entity.ref.description
        let described = processed.count
        // A refusal (the plan's entity limit) fails the refresh like any failure: the last good
        // entities stay and the location shows why.
        try await database.withTenantTransaction(tenant) { connection in
            var report = IngestionReport()
            var problems = finalProblems
            let writer = try await EntityWriter.locked(connection: connection, logger: logger, tenant: tenant)
            // Unregistering takes the same lock: a location deleted while this refresh read its target
            // must not get its entities back.
            guard try await LocationRepository(connection: connection, logger: logger).find(payload.locationID) != nil else { return }
            // The plan's limit is checked before anything is written; orphans that are kept count.
            let projected = try await writer.projectedCount(
                of: source, writing: toWrite.map(\.key), removing: [],
                replacing: read.isComplete && settings.orphanPolicy == "delete")
            guard projected <= snapshot.entitlements.limit(CatalogModule.maxEntities) else {
                throw CatalogService.entityLimitReached(snapshot.entitlements, count: projected)
            }
            try await writer.upsert(toWrite, source: source, report: &report)
            for conflict in report.conflicts {
                problems.append(.init(target: location.target, entityRef: conflict.entityRef,
                                      message: "already defined by \(conflict.ownedBy); not taken over"))
            }
            let liveKeys = toWrite.map(\.key) + refusedErrors.keys
            if read.isComplete {
                _ = try await writer.handleOrphans(of: source, except: liveKeys, delete: settings.orphanPolicy == "delete")
            }
            try await writer.clearErrors(toWrite.map(\.key), source: source)
            try await writer.recordErrors(refusedErrors, source: source)
            try await LocationRepository(connection: connection, logger: logger).recordSuccess(
                payload.locationID, etag: read.etag, contentHash: read.contentHash, problems: problems,
                entityCount: described - report.conflicts.count { $0.entityRef != ownRef })
        }
        logger.info("location refreshed", metadata: ["entities": "\(described)", "problems": "\(finalProblems.count)"])
    }

    private struct State {
        let location: Location
        let refreshState: LocationRepository.RefreshState
        let settings: CatalogSettings
        let hasOwnEntity: Bool
    }

    /// The location and what its refresh starts from; nil once it is gone.
    private static func state(of id: UUID, on connection: PostgresConnection, tenant: TenantID, logger: Logger) async throws -> State? {
        let locations = LocationRepository(connection: connection, logger: logger)
        guard let location = try await locations.find(id), let refreshState = try await locations.refreshState(id) else { return nil }
        let own = try await EntityWriter.existing(keys: [GeneratedLocationEntity(location).ref.key], on: connection, logger: logger)
        return State(location: location, refreshState: refreshState, settings: try await CatalogSettings.load(on: connection, logger: logger),
                     hasOwnEntity: !own.isEmpty)
    }

    private func recordFailure(_ payload: LocationJobPayload, message: String, logger: Logger) async throws {
        // In a task of its own: at the deadline the refresh is cancelled, and its failure still has to be written.
        try await Task {
            try await database.withTenantTransaction(payload.tenantID) { connection in
                try await LocationRepository(connection: connection, logger: logger).recordFailure(payload.locationID, message: message)
            }
        }.value
    }

    private func scheduleNext(_ payload: LocationJobPayload, settings: CatalogSettings, context: JobContext) throws {
        let interval = Double(settings.refreshIntervalMinutes * 60) * Double.random(in: 0.9...1.1)
        try context.enqueueAfterSuccess(
            CatalogJobs.refreshLocation, payload, uniqueKey: CatalogJobs.refreshKey(tenant: payload.tenantID, location: payload.locationID),
            runAt: Date().addingTimeInterval(interval))
    }
}
