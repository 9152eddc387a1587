import Foundation
import Logging
import PorticoCore
import PorticoStore

/// The `catalog.refresh-location` job: fetches a location, writes what changed, keeps the last
/// good version of entities that now fail, handles orphans, records the outcome on the location,
/// and schedules the next refresh (interval ± 10% jitter) when it succeeds.
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
        let source = EntitySource.location(payload.locationID)
        let state = try await database.withTenantTransaction(tenant) { connection -> (LocationRepository.RefreshState?, Location?, CatalogSettings) in
            let locations = LocationRepository(connection: connection, logger: logger)
            return (try await locations.refreshState(payload.locationID), try await locations.find(payload.locationID),
                    try await CatalogSettings.load(on: connection, logger: logger))
        }
        guard let location = state.1, let refreshState = state.0 else { return }
        let settings = state.2
        defer { try? scheduleNext(payload, settings: settings, context: context) }
        guard snapshot.status == .active else { return }
        guard let url = URL(string: location.target) else { return }

        let read: LocationReader.Result
        do {
            read = try await LocationReader(fetcher: fetcher).read(url, ifNoneMatch: refreshState.etag)
        } catch {
            try await database.withTenantTransaction(tenant) { connection in
                try await LocationRepository(connection: connection, logger: logger).recordFailure(payload.locationID, message: "\(error)")
            }
            return
        }
        if read.notModified || read.contentHash == refreshState.contentHash {
            try await database.withTenantTransaction(tenant) { connection in
                let locations = LocationRepository(connection: connection, logger: logger)
                try await locations.recordSuccess(payload.locationID, etag: nil, contentHash: nil, problems: location.problems, entityCount: nil)
            }
            return
        }

        var problems = read.problems
        var report = IngestionReport()
        let processed = await CatalogService.process(read.entities(origin: url), report: &report)
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
        let toWrite = processed
        do {
            try await database.withTenantTransaction(tenant) { connection in
                var report = IngestionReport()
                var problems = finalProblems
                let writer = EntityWriter(connection: connection, logger: logger, tenant: tenant)
                try await writer.lock()
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
                let limit = snapshot.entitlements.limits.maxEntities
                if try await writer.count() > limit {
                    throw PorticoError(status: 403, code: "plan_limit_reached", title: "Plan limit reached",
                                       detail: "The '\(snapshot.entitlements.plan)' plan allows \(limit) entities.")
                }
                try await LocationRepository(connection: connection, logger: logger).recordSuccess(
                    payload.locationID, etag: read.etag, contentHash: read.contentHash, problems: problems,
                    entityCount: toWrite.count - report.conflicts.count)
            }
        } catch let error as PorticoError {
            // A refusal (the plan's entity limit) is the location's state, not a job failure: the
            // last good entities stay, the location shows why, and the schedule goes on.
            try await database.withTenantTransaction(tenant) { connection in
                try await LocationRepository(connection: connection, logger: logger).recordFailure(payload.locationID, message: error.detail)
            }
            return
        }
        logger.info("location refreshed", metadata: ["entities": "\(toWrite.count)", "problems": "\(finalProblems.count)"])
    }

    private func scheduleNext(_ payload: LocationJobPayload, settings: CatalogSettings, context: JobContext) throws {
        let interval = Double(settings.refreshIntervalMinutes * 60) * Double.random(in: 0.9...1.1)
        try context.enqueueAfterSuccess(
            CatalogJobs.refreshLocation, payload, uniqueKey: CatalogJobs.refreshKey(tenant: payload.tenantID, location: payload.locationID),
            runAt: Date().addingTimeInterval(interval))
    }
}
