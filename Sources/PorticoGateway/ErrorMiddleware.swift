import Foundation
import Hummingbird
import Logging
import PorticoCore

/// Turns every error into the error body of the request's route group (problem+json unless the
/// group declares Backstage's shape). An outage of the database is a 503 with `Retry-After`;
/// other errors that are not Portico's own are logged and shown as a generic 500, so no internal
/// detail (SQL, stack) reaches a client.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = PorticoRequestContext

    let isUnavailable: @Sendable (any Error) -> Bool
    let routeGroups: RouteGroups

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = isUnavailable(error) ? PorticoError.databaseUnavailable : Self.problem(for: error, context: context)
            if problem.status >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            let group = context.telemetry.routeGroup ?? routeGroups.group(forPath: request.uri.path)
            return problem.response(requestID: context.requestID, backstageRequest: group?.errorShape == .backstage
                ? (request.method.rawValue, request.uri.description) : nil)
        }
    }

    static func problem(for error: any Error, context: Context) -> PorticoError {
        switch error {
        case let error as PorticoError:
            return error
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                return .notFound("No route matches this path.")
            case .contentTooLarge:
                return .payloadTooLarge(limit: context.bodyLimit)
            default:
                return PorticoError(
                    status: Int(error.status.code), code: "http_\(error.status.code)",
                    title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
            }
        default:
            return PorticoError(
                status: 500, code: "internal_error", title: "Internal error",
                detail: "Something went wrong on our side; quote the request id when reporting it.")
        }
    }
}
