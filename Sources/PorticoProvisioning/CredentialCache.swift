import Foundation
import Logging
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
/// So a revocation reaches every replica within one poll interval at worst.
public final class CredentialCache: APIKeyVerifier, OperatorTokenVerifier, Service, Sendable {
    private struct Entry<Value: Sendable>: Sendable {
        let hash: [UInt8]?
        let value: Value?
        let cachedAt: ContinuousClock.Instant
    }

    private struct State: Sendable {
        var epoch: Int64 = -1
        var keys: [String: Entry<VerifiedAPIKey>] = [:]
        var operators: [String: Entry<AuthenticatedOperator>] = [:]
    }

    static let maximumEntries = 50_000
    static let maximumAge: Duration = .seconds(300)
    public static let notificationChannel = "portico_auth"

    private let apiKeys: APIKeyRepository
    private let operators: OperatorRepository
    private let database: Database
    private let state = Mutex(State())
    private let lastUsed: LastUsedRecorder
    private let pollInterval: Duration

    public init(database: Database, pollInterval: Duration = .milliseconds(500)) {
        self.database = database
        self.apiKeys = APIKeyRepository(database: database)
        self.operators = OperatorRepository(database: database)
        self.lastUsed = LastUsedRecorder(repository: APIKeyRepository(database: database), logger: database.logger)
        self.pollInterval = pollInterval
    }

    public func verify(_ token: SecretToken) async throws -> VerifiedAPIKey? {
        switch token.kind {
        case .apiKey:
            let entry = try await cached(token.lookupID, in: \.keys) {
                guard let found = try await apiKeys.lookup(lookupID: token.lookupID), !found.revoked else { return nil }
                return (found.hash, found.key)
            }
            return entry.flatMap { token.matches(storedHash: $0.hash) ? $0.value : nil }
        case .operatorToken:
            return nil
        }
    }

    public func verify(_ token: SecretToken) async throws -> AuthenticatedOperator? {
        guard token.kind == .operatorToken else { return nil }
        let entry = try await cached(token.lookupID, in: \.operators) {
            guard let found = try await operators.lookup(lookupID: token.lookupID) else { return nil }
            return (found.hash, found.operator)
        }
        return entry.flatMap { token.matches(storedHash: $0.hash) ? $0.value : nil }
    }

    public func recordUse(of keyID: UUID) {
        lastUsed.record(keyID)
    }

    /// Looks `lookupID` up in one of the caches, loading (and caching, also when absent) on a miss.
    private func cached<Value: Sendable>(
        _ lookupID: String, in path: WritableKeyPath<State, [String: Entry<Value>]>,
        load: () async throws -> ([UInt8], Value)?
    ) async throws -> (hash: [UInt8], value: Value)? {
        let now = ContinuousClock.now
        let hit: Entry<Value>? = state.withLock { state in
            guard let entry = state[keyPath: path][lookupID], now - entry.cachedAt < Self.maximumAge else { return nil }
            return entry
        }
        let entry: Entry<Value>
        if let hit {
            entry = hit
        } else {
            let epochBefore = state.withLock { $0.epoch }
            let loaded = try await load()
            entry = Entry(hash: loaded?.0, value: loaded?.1, cachedAt: now)
            state.withLock { state in
                // A change that landed while we were loading may not be in what we loaded.
                guard state.epoch == epochBefore else { return }
                if state[keyPath: path].count >= Self.maximumEntries { state[keyPath: path].removeAll() }
                state[keyPath: path][lookupID] = entry
            }
        }
        guard let hash = entry.hash, let value = entry.value else { return nil }
        return (hash, value)
    }

    /// Watches for auth changes until shutdown, and flushes last-used times.
    public func run() async throws {
        try await refreshEpoch()
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

    private func pollEpoch() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: pollInterval)
                try await refreshEpoch()
            } catch is CancellationError {
                return
            } catch {
                database.logger.warning("checking for revoked credentials failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func listen() async {
        while !Task.isCancelled {
            do {
                try await database.withConnection { connection in
                    try await connection.listen(on: Self.notificationChannel) { notifications in
                        for try await _ in notifications { try await self.refreshEpoch() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func refreshEpoch() async throws {
        let rows = try await database.query("SELECT epoch FROM control.auth_epoch")
        for try await epoch in rows.decode(Int64.self) {
            state.withLock { state in
                guard state.epoch != epoch else { return }
                state.epoch = epoch
                state.keys.removeAll()
                state.operators.removeAll()
            }
        }
    }
}
