import Crypto
import Foundation
import PorticoCore

/// One SQL file of a migration set, named `NNNN_description.sql`.
public struct MigrationFile: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Array(sql.utf8)).hexEncoded
    }

    /// `0003_add_index.sql` → (3, "0003_add_index.sql"); nil for files that are not migrations.
    static func parseFileName(_ fileName: String) -> Int? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let digits = fileName.prefix(while: \.isNumber)
        guard digits.count >= 4, fileName.dropFirst(digits.count).first == "_" else { return nil }
        return Int(digits)
    }
}
