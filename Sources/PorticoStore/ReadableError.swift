import PorticoCore
import PostgresNIO

/// An error as an operator or a tenant reads it where it is recorded (a tenant's status, a
/// location's message): the server's message for database errors, whose description hides it on
/// purpose, and the detail of Portico's own errors.
public func readableDescription(of error: any Error) -> String {
    if let error = error as? PSQLError, let message = error.serverInfo?[.message] { return message }
    if let error = error as? PorticoError { return error.detail }
    return "\(error)"
}
