import PostgresNIO

public enum MigrationError: Error, CustomStringConvertible {
    /// An applied migration's file changed since: migrations are append-only.
    case checksumMismatch(schema: String, file: String)
    /// A schema has a version recorded that no file has (a newer binary migrated it, or a file was deleted).
    case unknownVersion(schema: String, migration: MigrationKey)
    case failed(schema: String, file: String, reason: String)
    case someSchemasFailed([MigrationError])

    public var description: String {
        switch self {
        case .checksumMismatch(let schema, let file):
            "migration \(file) was edited after it was applied to schema \(schema); add a new migration instead"
        case .unknownVersion(let schema, let migration):
            "schema \(schema) has migration \(migration.module) version \(migration.version) applied, which no file in this build has"
        case .failed(let schema, let file, let reason):
            "migration \(file) failed on schema \(schema): \(reason)"
        case .someSchemasFailed(let failures):
            "\(failures.count) schema(s) failed to migrate:\n" + failures.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// The server's own message for a failed statement, which is what an operator needs to see.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
            return message
        }
        return "\(error)"
    }
}
