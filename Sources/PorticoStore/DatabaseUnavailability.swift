import _ConnectionPoolModule
import NIOCore
import PostgresNIO

extension Database {
    /// Whether `error` means PostgreSQL could not be reached, gave no connection in time, or lost
    /// the connection — an outage to retry after, not a statement that failed.
    public static func isUnavailable(_ error: any Error) -> Bool {
        switch error {
        case is ConnectionWaitTimedOut, is ConnectionClosed, is ConnectionPoolError, is IOError, is ChannelError:
            return true
        case let error as PSQLError:
            switch error.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .sslUnsupported:
                return true
            case .server:
                return error.serverInfo?[.sqlState].map(isUnavailabilityState) ?? false
            default:
                return false
            }
        default:
            return false
        }
    }

    /// Connection exceptions (class 08), the server shutting down or starting (57P01-57P03), too
    /// many connections (53300), and the database being gone (3D000).
    private static func isUnavailabilityState(_ state: String) -> Bool {
        state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300", "3D000"].contains(state)
    }
}

/// No pooled connection became free within `Database.maximumConnectionWait`.
public struct ConnectionWaitTimedOut: Error, CustomStringConvertible {
    public let waited: Duration

    public var description: String { "no database connection within \(waited)" }
}

/// A statement was about to be sent on a connection the server had already dropped.
public struct ConnectionClosed: Error, CustomStringConvertible {
    public var description: String { "the database connection was closed" }
}
