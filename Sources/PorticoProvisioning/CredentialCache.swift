import Foundation
import Logging
import Metrics
import PorticoCore
import PorticoGateway
import PorticoStore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Verifies API keys and operator tokens for the gateway, from memory when it can.
///
/// Anything that must cut access (a revoked key, a suspended tenant, a plan change) bumps
/// `control.auth_epoch` through triggers and sends a NOTIFY. Each replica listens for it, and polls
/// the epoch every `pollInterval` in case a notification is lost; on any change it drops its cache.
/// So a revocation reaches every replica within one poll interval at worst — and when the epoch
/// cannot be read (the database or the network is failing), the cache stops being trusted once the
/// last confirmed reading is `trustWindow` old: every credential is then checked against the
/// database, which fails (503) if it is unreachable, rather than admitting a key revoked meanwhile.
public final class CredentialCache: APIKeyVerifier, OperatorTokenVerifier, Service, Sendable {
    private struct Entry<Value: Sendable>: Sendable {
        let hash: [UInt8]
        let value: Value
        let cachedAt: ContinuousClock.Instant
    }

    private struct State: Sendable {
        var epoch: Int64 = -1
        /// When the last successful epoch reading started: nothing revoked before then is cached.
        var confirmedAt: ContinuousClock.Instant?
        var keys: [String: Entry<VerifiedAPIKey>] = [:]
        var operators: [String: Entry<AuthenticatedOperator>] = [:]
        var misses = MissCache()
    }

    /// Reads the current revocation epoch (`control.auth_epoch`).
    public typealias EpochReader = @Sendable () async throws -> Int64

    static let maximumEntries = 50_000
    static let maximumAge: Duration = .seconds(300)
    /// The promise: a revocation is honoured within 2 s, also on a replica that cannot read the epoch.
    static let trustWindow: Duration = .seconds(2)
    public static let notificationChannel = "portico_auth"

    private let apiKeys: APIKeyRepository
    private let operators: OperatorRepository
    private let database: Database
    private let state = Mutex(State())
    private let lastUsed: LastUsedRecorder
    private let pollInterval: Duration
    private let readEpoch: EpochReader
    private let lookups = Atomic<Int>(0)

    /// - Parameter readEpoch: how the epoch is read; tests make it fail to take the database's
    ///   epoch away while the rest of the database works.
    public init(database: Database, plans: PlanBook, pollInterval: Duration = .milliseconds(500), readEpoch: EpochReader? = nil) {
        self.database = database
        self.apiKeys = APIKeyRepository(database: database, plans: plans)
        self.operators = OperatorRepository(database: database)
        self.lastUsed = LastUsedRecorder(repository: apiKeys, logger: database.logger)
        self.pollInterval = pollInterval
        self.readEpoch = readEpoch ?? { try await Self.readEpoch(from: database) }
    }

    /// How many credential lookups reached the database (tests and diagnostics; also counted in
    /// `portico_auth_key_lookups_total`).
    public var databaseLookups: Int { lookups.load(ordering: .relaxed) }

    public func verify(_ token: SecretToken) async throws -> VerifiedAPIKey? {
        guard token.kind == .apiKey else { return nil }
        let entry = try await cached(token, in: \.keys) {
            guard let found = try await apiKeys.lookup(lookupID: token.lookupID), !found.revoked else { return nil }
            return (found.hash, found.key)
        }
        return entry.flatMap { token.matches(storedHash: $0.hash) ? $0.value : nil }
    }

    public func verify(_ token: SecretToken) async throws -> AuthenticatedOperator? {
        guard token.kind == .operatorToken else { return nil }
        let entry = try await cached(token, in: \.operators) {
            guard let found = try await operators.lookup(lookupID: token.lookupID) else { return nil }
            return (found.hash, found.operator)
        }
        return entry.flatMap { token.matches(storedHash: $0.hash) ? $0.value : nil }
    }

    public func cachedAPIKey(_ token: SecretToken) -> VerifiedAPIKey? {
        trustedEntry(token, in: \.keys).flatMap { token.matches(storedHash: $0.hash) ? $0.value : nil }
    }

    public func cachedOperator(_ token: SecretToken) -> AuthenticatedOperator? {
        trustedEntry(token, in: \.operators).flatMap { token.matches(storedHash: $0.hash) ? $0.value : nil }
    }

    public func recordUse(of keyID: UUID) {
        lastUsed.record(keyID)
    }

    private func trustedEntry<Value: Sendable>(
        _ token: SecretToken, in path: Swift.KeyPath<State, [String: Entry<Value>]>
    ) -> Entry<Value>? {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard Self.isTrusted(state, now: now), let entry = state[keyPath: path][token.lookupID],
                  now - entry.cachedAt < Self.maximumAge
            else { return nil }
            return entry
        }
    }

    private static func isTrusted(_ state: State, now: ContinuousClock.Instant) -> Bool {
        guard let confirmedAt = state.confirmedAt else { return false }
        return now - confirmedAt < trustWindow
    }

    /// Finds `token`'s credential in memory or, on a miss, in the database, remembering either
    /// answer: found ones in `path`, unknown ids apart (`MissCache`).
    private func cached<Value: Sendable>(
        _ token: SecretToken, in path: WritableKeyPath<State, [String: Entry<Value>]>,
        load: () async throws -> ([UInt8], Value)?
    ) async throws -> Entry<Value>? {
        if let hit = trustedEntry(token, in: path) { return hit }
        let now = ContinuousClock.now
        let missKey = token.kind.rawValue + token.lookupID
        let (knownMissing, epochBefore) = state.withLock { ($0.misses.contains(missKey, now: now), $0.epoch) }
        if knownMissing { return nil }
        lookups.add(1, ordering: .relaxed)
        let loaded = try await load()
        Counter(label: "portico_auth_key_lookups_total", dimensions: [
            ("kind", token.kind == .apiKey ? "api_key" : "operator_token"), ("result", loaded == nil ? "missing" : "found"),
        ]).increment()
        guard let loaded else {
            state.withLock { $0.misses.insert(missKey, now: now) }
            return nil
        }
        let entry = Entry(hash: loaded.0, value: loaded.1, cachedAt: now)
        state.withLock { state in
            // A change that landed while we were loading may not be in what we loaded.
            guard state.epoch == epochBefore else { return }
            if state[keyPath: path].count >= Self.maximumEntries { state[keyPath: path].removeAll() }
            state[keyPath: path][token.lookupID] = entry
        }
        return entry
    }

    /// Watches for auth changes until shutdown, and flushes last-used times.
    public func run() async throws {
        // Nothing here needs finishing at shutdown but the last-used times, flushed below.
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.pollEpoch() }
                group.addTask { await self.listen() }
                group.addTask { await self.lastUsed.run() }
                await group.next()
                group.cancelAll()
            }
        }
        await lastUsed.flush()
    }

    /// Reads the epoch now and every `pollInterval`; a replica that starts while the database is
    /// down keeps trying (and checks every credential against the database meanwhile).
    private func pollEpoch() async {
        while !Task.isCancelled {
            do {
                try await refreshEpoch()
            } catch {
                if Task.isCancelled { return }
                database.logger.warning("checking for revoked credentials failed", metadata: ["error": "\(error)"])
            }
            do { try await Task.sleep(for: pollInterval) } catch { return }
        }
    }

    /// Lost notifications are covered by the poll, so an interruption needs no log of its own.
    private func listen() async {
        await database.listen(on: Self.notificationChannel) {
            try await self.refreshEpoch()
        } onInterruption: { _ in }
    }

    private func refreshEpoch() async throws {
        let started = ContinuousClock.now
        let epoch = try await readEpoch()
        state.withLock { state in
            if state.epoch != epoch {
                state.epoch = epoch
                state.keys.removeAll()
                state.operators.removeAll()
            }
            if state.confirmedAt.map({ $0 < started }) ?? true { state.confirmedAt = started }
        }
    }

    static func readEpoch(from database: Database) async throws -> Int64 {
        let rows = try await database.query("SELECT epoch FROM control.auth_epoch")
        for try await epoch in rows.decode(Int64.self) { return epoch }
        throw PorticoError(status: 500, code: "auth_epoch_missing", title: "Internal error", detail: "control.auth_epoch has no row.")
    }
}
