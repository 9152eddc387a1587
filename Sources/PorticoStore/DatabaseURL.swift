import Foundation
import NIOSSL
import PostgresNIO

/// `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`, parsed into
/// a `PostgresClient.Configuration`. Errors say what is wrong without echoing the password.
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let username: String
    public let password: String?
    public let database: String
    public let sslMode: String

    public enum Problem: Error, CustomStringConvertible {
        case notAURL
        case scheme(String)
        case missing(String)
        case sslMode(String)

        public var description: String {
            switch self {
            case .notAURL: "is not a URL like postgres://user@host:5432/database"
            case .scheme(let scheme): "has scheme '\(scheme)'; expected postgres:// or postgresql://"
            case .missing(let part): "has no \(part)"
            case .sslMode(let mode): "has sslmode '\(mode)'; expected disable, prefer or require"
            }
        }
    }

    public init(_ string: String) throws(Problem) {
        guard let components = URLComponents(string: string) else { throw .notAURL }
        guard let scheme = components.scheme else { throw .notAURL }
        guard scheme == "postgres" || scheme == "postgresql" else { throw .scheme(scheme) }
        guard let host = components.host, !host.isEmpty else { throw .missing("host") }
        guard let user = components.user, !user.isEmpty else { throw .missing("user name") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw .missing("database name") }
        let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(mode) else { throw .sslMode(mode) }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        self.sslMode = mode
    }

    /// The same server, another database (tests create throw-away databases this way).
    public func withDatabase(_ name: String) -> DatabaseURL {
        DatabaseURL(host: host, port: port, username: username, password: password, database: name, sslMode: sslMode)
    }

    private init(host: String, port: Int, username: String, password: String?, database: String, sslMode: String) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    /// For one connection outside the pool (a reachability check at start-up).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    public func clientConfiguration(maximumConnections: Int, applicationName: String) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 0
        // Idle connections are closed, so long-lived connections do not keep growing per-schema
        // catalog caches across thousands of tenant schemas.
        configuration.options.connectionIdleTimeout = .seconds(60)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }
}
