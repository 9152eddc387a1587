import Configuration
import Foundation
import Logging
import PorticoGateway
import PorticoStore

/// Reads and validates `Settings`. Every problem is collected and reported together, each naming
/// the environment variable to fix.
public enum SettingsLoader {
    public struct Invalid: Error, CustomStringConvertible {
        public let problems: [String]

        public var description: String {
            "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// - Parameter overrides: values from command-line options, by setting key (`port`, `host`, ...).
    public static func load(
        overrides: [String: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Settings {
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "command line", values: Dictionary(uniqueKeysWithValues: overrides.map {
                (AbsoluteConfigKey($0.key.split(separator: ".").map(String.init)), ConfigValue(.string($0.value), isSecret: false))
            })),
            KeyMappingProvider(upstream: EnvironmentVariablesProvider(environmentVariables: environment)) { key in
                key.prepending(["portico"])
            },
        ]
        if let file = environment["PORTICO_CONFIG_FILE"], !file.isEmpty {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: .init(file)))
            } catch {
                throw Invalid(problems: ["PORTICO_CONFIG_FILE: cannot read \(file) as a JSON configuration file: \(error)"])
            }
        }
        let reader = ConfigReader(providers: providers)
        var problems: [String] = []
        let values = SettingValues(reader: reader, defaults: defaults(environment: environment, &problems))

        let maximumConnections = values.integer("database.maxConnections", in: 2...500, &problems)
        let settings = Settings(
            databaseURL: values.parse("database.url", &problems, placeholder: try! DatabaseURL("postgres://placeholder@localhost/placeholder")) { try DatabaseURL($0) },
            databaseMaxConnections: maximumConnections,
            databaseStartupWait: .seconds(values.integer("database.startupWaitSeconds", in: 1...3600, &problems)),
            host: values.parse("host", &problems, placeholder: "") { host in
                guard !host.isEmpty, !host.contains(" ") else { throw Problem("is not a host name or address") }
                return host
            },
            port: values.integer("port", in: 0...65535, &problems),
            logLevel: values.parse("log.level", &problems, placeholder: .info) { raw in
                guard let level = Logger.Level(rawValue: raw.lowercased()) else {
                    throw Problem("must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return level
            },
            logFormat: values.parse("log.format", &problems, placeholder: .text) { raw in
                guard let format = Settings.LogFormat(rawValue: raw.lowercased()) else { throw Problem("must be text or json") }
                return format
            },
            migrationsPath: values.parse("migrations.path", &problems, placeholder: URL(fileURLWithPath: ".")) { raw in
                let url = URL(fileURLWithPath: raw)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.appendingPathComponent("control").path, isDirectory: &isDirectory),
                      isDirectory.boolValue
                else { throw Problem("'\(raw)' has no control/ folder of migrations (run from the repository root, or set it)") }
                return url
            },
            migrationParallelism: values.integer("migrations.parallelism", in: 1...64, &problems),
            bodyLimitBytes: values.integer("http.bodyLimitBytes", in: 1024...(256 << 20), &problems),
            trustedProxies: values.parse("http.trustedProxies", &problems, placeholder: [CIDRBlock]()) { raw in
                try raw.split(separator: ",").filter { !$0.allSatisfy(\.isWhitespace) }.map { entry -> CIDRBlock in
                    guard let block = CIDRBlock(entry) else {
                        throw Problem("has '\(entry.trimmingCharacters(in: .whitespaces))', which is not an IP address or CIDR block (such as 10.0.0.0/8 or fd00::/8)")
                    }
                    return block
                }
            },
            httpIdleTimeout: .seconds(values.integer("http.idleTimeoutSeconds", in: 1...3600, &problems)),
            signupsPerMinute: values.integer("signups.perMinute", in: 1...1_000_000, &problems),
            workerConcurrency: values.integer("worker.concurrency", in: 1...256, &problems),
            workerLease: .seconds(values.integer("worker.leaseSeconds", in: 2...3600, &problems)),
            authPollInterval: .milliseconds(values.integer("auth.pollMilliseconds", in: 50...1900, &problems)),
            failedCredentialsPerMinute: values.integer("auth.failedAttemptsPerMinute", in: 1...1_000_000, &problems),
            shutdownGrace: .seconds(values.integer("shutdown.graceSeconds", in: 0...600, &problems)),
            outboundAllowLoopback: values.boolean("outbound.allowLoopback", &problems),
            outboundAllowPrivate: values.boolean("outbound.allowPrivate", &problems),
            databaseLimits: DatabaseLimits(
                statementTimeout: .milliseconds(values.integer("database.statementTimeoutMilliseconds", in: 100...600_000, &problems)),
                lockTimeout: .milliseconds(values.integer("database.lockTimeoutMilliseconds", in: 10...600_000, &problems)),
                maximumConnectionWait: .milliseconds(values.integer("database.connectionWaitMilliseconds", in: 100...120_000, &problems))),
            tenantConcurrency: values.integer("gateway.tenantConcurrency", in: 1...500, &problems)
        )
        if settings.tenantConcurrency > settings.databaseMaxConnections {
            problems.append("""
                PORTICO_GATEWAY_TENANT_CONCURRENCY (gateway.tenantConcurrency): \(settings.tenantConcurrency) is more than the \
                pool's \(settings.databaseMaxConnections) connections (PORTICO_DATABASE_MAX_CONNECTIONS); one tenant could take them all
                """)
        }
        guard problems.isEmpty else { throw Invalid(problems: problems) }
        return settings
    }

    /// The catalog's defaults, with the local database's port taken from `PORTICO_PG_PORT` when set.
    static func defaults(environment: [String: String], _ problems: inout [String]) -> [String: String] {
        var defaults = Dictionary(uniqueKeysWithValues: Settings.catalog.map { ($0.key, $0.defaultValue) })
        if let raw = environment["PORTICO_PG_PORT"], !raw.isEmpty {
            if let port = Int(raw), (1...65535).contains(port) {
                defaults["database.url"] = Settings.localDatabaseURL(port: port)
            } else {
                problems.append("PORTICO_PG_PORT: '\(raw)' must be a port number from 1 to 65535")
            }
        }
        return defaults
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Reads raw strings (so a bad value is reported, not silently replaced by a default).
    struct SettingValues {
        let reader: ConfigReader
        let defaults: [String: String]

        func raw(_ key: String) -> String {
            let configKey = ConfigKey(key.split(separator: ".").map(String.init))
            // A JSON file may hold numbers and booleans where the environment holds text.
            let value = reader.string(forKey: configKey)
                ?? reader.int(forKey: configKey).map(String.init)
                ?? reader.bool(forKey: configKey).map(String.init)
            return value ?? defaults[key]!
        }

        /// Parses one setting; on failure records a problem naming the variable and returns `placeholder`
        /// (the settings are discarded when any problem was recorded).
        func parse<Value>(
            _ key: String, _ problems: inout [String], placeholder: @autoclosure () -> Value, _ parse: (String) throws -> Value
        ) -> Value {
            let value = raw(key)
            do {
                return try parse(value)
            } catch {
                let shown = key == "database.url" ? "the value" : "'\(value)'"
                problems.append("\(Settings.environmentVariable(for: key)) (\(key)): \(shown) \(error)")
                return placeholder()
            }
        }

        func boolean(_ key: String, _ problems: inout [String]) -> Bool {
            parse(key, &problems, placeholder: false) { raw in
                switch raw.lowercased() {
                case "true", "1", "yes": return true
                case "false", "0", "no": return false
                default: throw Problem("must be true or false")
                }
            }
        }

        func integer(_ key: String, in range: ClosedRange<Int>, _ problems: inout [String]) -> Int {
            parse(key, &problems, placeholder: range.lowerBound) { raw in
                guard let number = Int(raw.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
                    throw Problem("must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                }
                return number
            }
        }
    }
}

extension Logger.Level {
    static var allCases: [Logger.Level] { [.trace, .debug, .info, .notice, .warning, .error, .critical] }
}
