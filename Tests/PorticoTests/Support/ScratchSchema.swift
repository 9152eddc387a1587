import Foundation
import PorticoStore
import PostgresNIO
@testable import PorticoApp

/// A throw-away schema of the shared test database in which a module's tenant migrations are
/// applied by hand, for tests of what a migration does to rows an earlier one wrote.
enum ScratchSchema {
    /// The module's tenant migration files, in version order.
    static func migrations(of module: String, in runtime: Runtime) -> [MigrationFile] {
        runtime.migrations.tenant.files.filter { $0.module == module }.sorted { $0.version < $1.version }
    }

    /// Runs `body` in one transaction with a new schema as search path, then drops the schema.
    static func with<Result: Sendable>(
        _ runtime: Runtime, prefix: String, _ body: (PostgresConnection, Logger) async throws -> Result
    ) async throws -> Result {
        let schema = "t_\(prefix)_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try await runtime.database.withTransaction { connection in
            let logger = runtime.logger
            try await connection.execute(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: logger)
            try await connection.execute(PostgresQuery(unsafeSQL: "SET LOCAL search_path = \(schema)"), logger: logger)
            let result = try await body(connection, logger)
            try await connection.execute(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), logger: logger)
            return result
        }
    }
}
