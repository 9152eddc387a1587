import Foundation
import Logging
import PorticoGateway
import PorticoSeam
import PorticoStore

/// Everything Portico reads from its configuration, validated once at start-up. Sources, highest
/// first: command-line options, `PORTICO_*` environment variables, the JSON file named by
/// `PORTICO_CONFIG_FILE`, then the defaults below and each module's (`<module>.<key>`).
public struct Settings: Sendable {
    public var databaseURL: DatabaseURL
    public var databaseMaxConnections: Int
    public var databaseStartupWait: Duration
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var migrationsPath: URL
    public var migrationParallelism: Int
    public var bodyLimitBytes: Int
    public var trustedProxies: [CIDRBlock]
    public var httpIdleTimeout: Duration
    public var workerConcurrency: Int
    public var workerLease: Duration
    public var authPollInterval: Duration
    public var failedCredentialsPerMinute: Int
    public var shutdownGrace: Duration
    public var outboundAllowLoopback: Bool
    public var outboundAllowPrivate: Bool
    public var databaseLimits: DatabaseLimits
    public var tenantConcurrency: Int
    /// The module list with each module's own settings read.
    public var modules: [LoadedModule]

    public enum LogFormat: String, Sendable, CaseIterable {
        case text
        case json
    }

    /// The settings of the platform itself (modules describe theirs): key (`database.url` ↔ `PORTICO_DATABASE_URL`), default and meaning. The
    /// README's configuration table is this list.
    public static let catalog: [SettingDescription] = [
        .init(key: "database.url", defaultValue: localDatabaseURL(port: defaultLocalDatabasePort),
              meaning: "PostgreSQL URL; `?sslmode=disable|prefer|require`. Unset, the port follows `PORTICO_PG_PORT` like `ops/postgres.sh`"),
        .init(key: "database.maxConnections", defaultValue: "20", meaning: "connection pool size per process (2-500; migrations hold one for their lock)"),
        .init(key: "database.connectionWaitMilliseconds", defaultValue: "5000",
              meaning: "longest wait for a pooled connection before a request is answered 503 `database_unavailable` (100-120000)"),
        .init(key: "database.startupWaitSeconds", defaultValue: "30", meaning: "how long `migrate`, `demo` and `operators create` wait for an unreachable database before exiting 1 (1-3600)"),
        .init(key: "host", defaultValue: "127.0.0.1", meaning: "address `serve` listens on"),
        .init(key: "port", defaultValue: "8080", meaning: "port `serve` listens on (0 picks a free one)"),
        .init(key: "log.level", defaultValue: "info", meaning: "trace, debug, info, notice, warning, error, critical"),
        .init(key: "log.format", defaultValue: "text", meaning: "text (one line per event) or json (JSON lines)"),
        .init(key: "migrations.path", defaultValue: "Migrations", meaning: "folder holding `control/` and `tenant/` SQL migrations"),
        .init(key: "migrations.parallelism", defaultValue: "4", meaning: "tenant schemas migrated at once (1-64)"),
        .init(key: "http.bodyLimitBytes", defaultValue: "1048576", meaning: "default request body limit (413 past it)"),
        .init(key: "http.trustedProxies", defaultValue: "",
              meaning: "comma-separated addresses or CIDR blocks (`10.0.0.0/8, fd00::/8`) of proxies whose `X-Forwarded-For` is believed; empty: the connection's address is the client's"),
        .init(key: "http.idleTimeoutSeconds", defaultValue: "60", meaning: "a connection that sends nothing this long is closed, also half-way through a request header (1-3600)"),
        .init(key: "worker.concurrency", defaultValue: "4", meaning: "jobs one `worker` runs at once (1-256)"),
        .init(key: "worker.leaseSeconds", defaultValue: "30", meaning: "job lease; a crashed worker's jobs return after it (2-3600)"),
        .init(key: "auth.pollMilliseconds", defaultValue: "500", meaning: "how often replicas check for revoked keys (50-1900)"),
        .init(key: "auth.failedAttemptsPerMinute", defaultValue: "30",
              meaning: "unknown keys or tokens one client address may present per minute before 429 `too_many_failed_attempts` (1-1000000; keys already verified keep working)"),
        .init(key: "shutdown.graceSeconds", defaultValue: "10", meaning: "time in-flight requests and jobs get at shutdown (0-600)"),
        .init(key: "outbound.allowLoopback", defaultValue: "false", meaning: "let tenant-given URLs (catalog locations, documentation, model endpoints) reach loopback addresses (local development)"),
        .init(key: "outbound.allowPrivate", defaultValue: "false", meaning: "let tenant-given URLs (catalog locations, documentation, model endpoints) reach private-network addresses"),
        .init(key: "database.statementTimeoutMilliseconds", defaultValue: "30000",
              meaning: "longest a tenant's SQL statement may run (100-600000)"),
        .init(key: "database.lockTimeoutMilliseconds", defaultValue: "5000",
              meaning: "longest a tenant's SQL statement may wait for a lock (10-600000)"),
        .init(key: "gateway.tenantConcurrency", defaultValue: "8",
              meaning: "requests one tenant may have running on one `serve` replica; more wait their turn up to `database.connectionWaitMilliseconds`, then 429 (1-500, at most the pool size)"),
    ]

    /// The local cluster of `ops/postgres.sh` listens on `PORTICO_PG_PORT`, so a default database
    /// URL follows it: one variable moves everything that talks to the local database.
    static let defaultLocalDatabasePort = 54329

    static func localDatabaseURL(port: Int) -> String { "postgres://portico@127.0.0.1:\(port)/portico" }
}
