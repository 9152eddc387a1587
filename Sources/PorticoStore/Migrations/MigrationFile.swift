import Crypto
import Foundation
import PorticoCore

/// One SQL file of a module's migrations, `Migrations/<kind>/<module>/NNNN_description.sql`.
/// Versions are numbered per module, so two modules never compete for a number.
public struct MigrationFile: Sendable, Equatable {
    public let module: String
    public let version: Int
    public let name: String
    public let sql: String
    public let checksum: String

    public init(module: String, version: Int, name: String, sql: String) {
        self.module = module
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Array(sql.utf8)).hexEncoded
    }

    public var key: MigrationKey { MigrationKey(module: module, version: version) }

    /// `catalog/0003_add_index.sql`, as operators see it in messages.
    public var path: String { "\(module)/\(name)" }

    /// `0003_add_index.sql` → (3, "0003_add_index.sql"); nil for files that are not migrations.
    static func parseFileName(_ fileName: String) -> Int? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let digits = fileName.prefix(while: \.isNumber)
        guard digits.count >= 4, fileName.dropFirst(digits.count).first == "_" else { return nil }
        return Int(digits)
    }
}

/// A migration's identity in `control.schema_migrations`.
public struct MigrationKey: Hashable, Sendable {
    public let module: String
    public let version: Int

    public init(module: String, version: Int) {
        self.module = module
        self.version = version
    }
}
