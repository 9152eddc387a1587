import Configuration
import Foundation
import Logging
import PorticoGateway
import PorticoSeam
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

    /// - Parameters:
    ///   - overrides: values from command-line options, by setting key (`port`, `host`, ...).
    ///   - modules: the module list whose settings are read alongside the platform's.
    public static func load(
        overrides: [String: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment,
        modules: [any PorticoModule.Type] = PorticoModules.all
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
        var problems: [String] = []
        let values = SettingsReader(
            reader: ConfigReader(providers: providers), defaults: defaults(environment: environment, modules: modules, &problems))
        for problem in problems { values.report(problem) }
        let duplicates = Dictionary(grouping: modules, by: { $0.id }).filter { $0.value.count > 1 }.keys
        for id in duplicates.sorted() { values.report("module id '\(id)' is used by more than one module in the list") }
        let platformScopes = Set(Settings.catalog.map { $0.key.split(separator: ".")[0] })
        for module in modules where platformScopes.contains(Substring(module.id)) {
            values.report("module id '\(module.id)' would share its settings' names with the platform's '\(module.id).*' settings")
        }

        let maximumConnections = values.integer("database.maxConnections", in: 2...500)
        let settings = Settings(
            databaseURL: values.parse("database.url", placeholder: try! DatabaseURL("postgres://placeholder@localhost/placeholder"), secret: true) { try DatabaseURL($0) },
            databaseMaxConnections: maximumConnections,
            databaseStartupWait: .seconds(values.integer("database.startupWaitSeconds", in: 1...3600)),
            host: values.parse("host", placeholder: "") { host in
                guard !host.isEmpty, !host.contains(" ") else { throw SettingsReader.Problem("is not a host name or address") }
                return host
            },
            port: values.integer("port", in: 0...65535),
            logLevel: values.parse("log.level", placeholder: .info) { raw in
                guard let level = Logger.Level(rawValue: raw.lowercased()) else {
                    throw SettingsReader.Problem("must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return level
            },
            logFormat: values.parse("log.format", placeholder: .text) { raw in
                guard let format = Settings.LogFormat(rawValue: raw.lowercased()) else { throw SettingsReader.Problem("must be text or json") }
                return format
            },
            migrationsPath: values.parse("migrations.path", placeholder: URL(fileURLWithPath: ".")) { raw in
                let url = URL(fileURLWithPath: raw)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.appendingPathComponent("control").path, isDirectory: &isDirectory),
                      isDirectory.boolValue
                else { throw SettingsReader.Problem("'\(raw)' has no control/ folder of migrations (run from the repository root, or set it)") }
                return url
            },
            migrationParallelism: values.integer("migrations.parallelism", in: 1...64),
            bodyLimitBytes: values.integer("http.bodyLimitBytes", in: 1024...(256 << 20)),
            trustedProxies: values.parse("http.trustedProxies", placeholder: [CIDRBlock]()) { raw in
                try raw.split(separator: ",").filter { !$0.allSatisfy(\.isWhitespace) }.map { entry -> CIDRBlock in
                    guard let block = CIDRBlock(entry) else {
                        throw SettingsReader.Problem("has '\(entry.trimmingCharacters(in: .whitespaces))', which is not an IP address or CIDR block (such as 10.0.0.0/8 or fd00::/8)")
                    }
                    return block
                }
            },
            httpIdleTimeout: .seconds(values.integer("http.idleTimeoutSeconds", in: 1...3600)),
            workerConcurrency: values.integer("worker.concurrency", in: 1...256),
            workerLease: .seconds(values.integer("worker.leaseSeconds", in: 2...3600)),
            authPollInterval: .milliseconds(values.integer("auth.pollMilliseconds", in: 50...1900)),
            failedCredentialsPerMinute: values.integer("auth.failedAttemptsPerMinute", in: 1...1_000_000),
            shutdownGrace: .seconds(values.integer("shutdown.graceSeconds", in: 0...600)),
            outboundAllowLoopback: values.boolean("outbound.allowLoopback"),
            outboundAllowPrivate: values.boolean("outbound.allowPrivate"),
            databaseLimits: DatabaseLimits(
                statementTimeout: .milliseconds(values.integer("database.statementTimeoutMilliseconds", in: 100...600_000)),
                lockTimeout: .milliseconds(values.integer("database.lockTimeoutMilliseconds", in: 10...600_000)),
                maximumConnectionWait: .milliseconds(values.integer("database.connectionWaitMilliseconds", in: 100...120_000))),
            tenantConcurrency: values.integer("gateway.tenantConcurrency", in: 1...500),
            modules: modules.map { LoadedModule.load($0, from: values) }
        )
        if settings.tenantConcurrency > settings.databaseMaxConnections {
            values.report("""
                PORTICO_GATEWAY_TENANT_CONCURRENCY (gateway.tenantConcurrency): \(settings.tenantConcurrency) is more than the \
                pool's \(settings.databaseMaxConnections) connections (PORTICO_DATABASE_MAX_CONNECTIONS); one tenant could take them all
                """)
        }
        guard values.problems.isEmpty else { throw Invalid(problems: values.problems) }
        return settings
    }

    /// Every setting's default, the modules' under their ids, with the local database's port taken
    /// from `PORTICO_PG_PORT` when set.
    static func defaults(
        environment: [String: String], modules: [any PorticoModule.Type], _ problems: inout [String]
    ) -> [String: String] {
        var defaults = Dictionary(uniqueKeysWithValues: Settings.catalog.map { ($0.key, $0.defaultValue) })
        for module in modules {
            for setting in module.settings { defaults["\(module.id).\(setting.key)"] = setting.defaultValue }
        }
        if let raw = environment["PORTICO_PG_PORT"], !raw.isEmpty {
            if let port = Int(raw), (1...65535).contains(port) {
                defaults["database.url"] = Settings.localDatabaseURL(port: port)
            } else {
                problems.append("PORTICO_PG_PORT: '\(raw)' must be a port number from 1 to 65535")
            }
        }
        return defaults
    }
}

extension Logger.Level {
    static var allCases: [Logger.Level] { [.trace, .debug, .info, .notice, .warning, .error, .critical] }
}
