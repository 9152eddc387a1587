import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoStore
import PostgresNIO

/// Operators and their tokens (`control.operators`).
public struct OperatorRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public enum CreateError: Error, CustomStringConvertible {
        case nameTaken(String)
        case invalidName(String)

        public var description: String {
            switch self {
            case .nameTaken(let name): "an operator named '\(name)' already exists"
            case .invalidName(let reason): "invalid operator name: \(reason)"
            }
        }
    }

    /// Creates an operator and returns the token, which is shown only this once.
    public func create(name rawName: String) async throws -> String {
        let name: String
        do { name = try TextField.validate(rawName, field: "name", maxLength: 100) } catch let error as PorticoError {
            throw CreateError.invalidName(error.detail)
        }
        let token = SecretToken.generate(.operatorToken)
        do {
            try await database.query("""
                INSERT INTO control.operators (id, name, lookup_id, secret_hash)
                VALUES (\(UUID()), \(name), \(token.lookupID), \(ByteBuffer(bytes: token.hash)))
                """)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw CreateError.nameTaken(name)
        }
        return token.value
    }

    func lookup(lookupID: String) async throws -> (hash: [UInt8], operator: AuthenticatedOperator)? {
        let rows = try await database.query("""
            SELECT id, name, secret_hash FROM control.operators WHERE lookup_id = \(lookupID) AND revoked_at IS NULL
            """)
        for try await (id, name, hash) in rows.decode((UUID, String, ByteBuffer).self) {
            return (Array(hash.readableBytesView), AuthenticatedOperator(id: id, name: name))
        }
        return nil
    }
}
