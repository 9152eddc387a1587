/// An error a client sees: an HTTP status, a stable machine-readable `code`, a human `detail`
/// and, for bad input, the offending field. Rendered as `application/problem+json` by the gateway.
public struct PorticoError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let code: String
    public let title: String
    public let detail: String
    public let field: String?
    public let headers: [String: String]

    public init(status: Int, code: String, title: String, detail: String, field: String? = nil, headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.field = field
        self.headers = headers
    }

    public var description: String { "\(status) \(code): \(detail)" }
}

extension PorticoError {
    public static func invalidRequest(_ detail: String, field: String? = nil) -> PorticoError {
        PorticoError(status: 400, code: "invalid_request", title: "Invalid request", detail: detail, field: field)
    }

    public static func malformedJSON(_ detail: String) -> PorticoError {
        PorticoError(status: 400, code: "malformed_json", title: "Malformed JSON", detail: detail)
    }

    public static func validation(_ detail: String, field: String) -> PorticoError {
        PorticoError(status: 422, code: "validation_failed", title: "Validation failed", detail: detail, field: field)
    }

    public static func notFound(_ detail: String) -> PorticoError {
        PorticoError(status: 404, code: "not_found", title: "Not found", detail: detail)
    }

    public static func conflict(_ code: String, _ detail: String, field: String? = nil) -> PorticoError {
        PorticoError(status: 409, code: code, title: "Conflict", detail: detail, field: field)
    }

    public static let invalidAPIKey = PorticoError(
        status: 401, code: "invalid_api_key", title: "Invalid API key",
        detail: "Send a valid, unexpired, unrevoked API key as 'Authorization: Bearer <key>'."
    )

    public static let invalidOperatorToken = PorticoError(
        status: 401, code: "invalid_operator_token", title: "Invalid operator token",
        detail: "Send a valid operator token as 'Authorization: Bearer <token>'."
    )

    public static func insufficientScope(_ scope: Scope) -> PorticoError {
        PorticoError(status: 403, code: "insufficient_scope", title: "Insufficient scope",
                     detail: "This route needs an API key with the '\(scope.rawValue)' scope.")
    }

    public static func pluginNotInPlan(_ entitlement: Entitlement, plan: PlanID) -> PorticoError {
        PorticoError(status: 403, code: "plugin_not_in_plan", title: "Plugin not in plan",
                     detail: "The '\(entitlement)' plugin is not included in the '\(plan)' plan.")
    }

    /// A plan's limit would be exceeded; `advice` says what the tenant can do about it.
    public static func planLimitReached(plan: PlanID, allows: String, advice: String) -> PorticoError {
        PorticoError(status: 403, code: "plan_limit_reached", title: "Plan limit reached",
                     detail: "The '\(plan)' plan allows \(allows); \(advice)")
    }

    public static let tenantSuspended = PorticoError(
        status: 403, code: "tenant_suspended", title: "Tenant suspended",
        detail: "This tenant is suspended; contact support to resume it."
    )

    public static let tenantProvisioning = PorticoError(
        status: 409, code: "tenant_provisioning", title: "Tenant provisioning",
        detail: "This tenant is still being provisioned; retry shortly."
    )

    public static func payloadTooLarge(limit: Int) -> PorticoError {
        PorticoError(status: 413, code: "payload_too_large", title: "Payload too large",
                     detail: "The request body exceeds the limit of \(limit) bytes.")
    }

    public static func rateLimited(retryAfterSeconds: Int, headers: [String: String]) -> PorticoError {
        var headers = headers
        headers["Retry-After"] = String(retryAfterSeconds)
        return PorticoError(status: 429, code: "rate_limited", title: "Too many requests",
                            detail: "Rate limit exceeded; retry after \(retryAfterSeconds) s.", headers: headers)
    }

    public static func tooManyFailedAttempts(retryAfterSeconds: Int) -> PorticoError {
        PorticoError(status: 429, code: "too_many_failed_attempts", title: "Too many failed attempts",
                     detail: "Too many requests from this address presented unknown credentials; retry after \(retryAfterSeconds) s.",
                     headers: ["Retry-After": String(retryAfterSeconds)])
    }

    /// PostgreSQL cannot be reached (or gave no connection in time): nothing was done, retry later.
    public static let databaseUnavailable = PorticoError(
        status: 503, code: "database_unavailable", title: "Database unavailable",
        detail: "The database cannot be reached right now; nothing was changed. Retry shortly.",
        headers: ["Retry-After": "5"]
    )

    public static func unsupportedMediaType(_ detail: String) -> PorticoError {
        PorticoError(status: 415, code: "unsupported_media_type", title: "Unsupported media type", detail: detail)
    }
}
