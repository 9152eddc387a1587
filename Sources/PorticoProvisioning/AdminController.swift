import Foundation
import Hummingbird
import PorticoCore
import PorticoGateway
import PorticoStore

/// The operators' API under `/admin/v1`: tenants, their keys, jobs and the audit log.
/// Every change is audited in the same transaction as the change itself.
struct AdminController: Sendable {
    let service: TenantService
    let queue: JobQueue
    let audit: AuditLog

    func addRoutes(to routes: GatewayRouter) {
        addTenantRoutes(to: routes)
        addKeyRoutes(to: routes)
        addJobRoutes(to: routes)
        routes.get("/admin/v1/audit", .operator) { request, context in
            let query = request.uri.queryParameters
            let limit = try Paging.limit(query)
            let before = try Paging.int64(query, "before")
            let target = try query["target"].map { try TextField.validate(String($0), field: "target", maxLength: 200) }
            let entries = try await audit.list(limit: limit, beforeID: before, target: target)
            return try Response.json(Page(items: entries, nextCursor: entries.count == limit ? entries.last.map { String($0.id) } : nil))
        }
    }

    private func addTenantRoutes(to routes: GatewayRouter) {
        routes.get("/admin/v1/tenants", .operator) { request, context in
            let query = request.uri.queryParameters
            var status: TenantStatus?
            if let raw = query["status"] {
                guard let parsed = TenantStatus(rawValue: String(raw)) else {
                    throw PorticoError.invalidRequest(
                        "Unknown status; use one of \(TenantStatus.allCases.map(\.rawValue).joined(separator: ", ")).",
                        field: "status")
                }
                status = parsed
            }
            let plan = try query["plan"].map { raw in
                guard let plan = Plan.named(String(raw)) else {
                    throw PorticoError.invalidRequest("Unknown plan; use one of \(Plan.names).", field: "plan")
                }
                return plan.id
            }
            let slugPrefix = try query["slugPrefix"].map { raw in
                guard raw.count <= 40, raw.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) else {
                    throw PorticoError.invalidRequest("'slugPrefix' may only hold a-z, 0-9 and '-'.", field: "slugPrefix")
                }
                return String(raw)
            }
            let filter = TenantRepository.ListFilter(
                status: status, plan: plan, slugPrefix: slugPrefix,
                limit: try Paging.limit(query), after: try Paging.int64(query, "cursor"))
            let page = try await service.tenants.list(filter)
            return try Response.json(Page(items: page.tenants, nextCursor: page.next.map(String.init)))
        }
        routes.post("/admin/v1/tenants", .operator) { request, context in
            let body = try await request.decodeJSON(SignupRequest.self, context: context)
            let result = try await service.signUp(body, by: try context.requireOperator())
            return try Response.json(result, status: .accepted)
        }
        routes.get("/admin/v1/tenants/{tenant}", .operator) { _, context in
            try Response.json(TenantDetail(tenant: try await service.tenant(reference: try Self.tenantReference(context)), plans: service.plans))
        }
        routes.post("/admin/v1/tenants/{tenant}/suspend", .operator) { request, context in
            let body = try await request.decodeOptionalJSON(SuspendRequest.self, context: context)
            let reason = try body?.reason.map { try TextField.validate($0, field: "reason", maxLength: 500) }
            return try Response.json(try await service.suspend(
                try Self.tenantReference(context), reason: reason, by: try context.requireOperator()))
        }
        routes.post("/admin/v1/tenants/{tenant}/resume", .operator) { _, context in
            try Response.json(try await service.resume(try Self.tenantReference(context), by: try context.requireOperator()))
        }
        routes.delete("/admin/v1/tenants/{tenant}", .operator) { _, context in
            try Response.json(
                try await service.delete(try Self.tenantReference(context), by: try context.requireOperator()),
                status: .accepted)
        }
        routes.put("/admin/v1/tenants/{tenant}/plan", .operator) { request, context in
            let body = try await request.decodeJSON(PlanChangeRequest.self, context: context)
            return try Response.json(try await service.setPlan(
                try Self.tenantReference(context), plan: body.plan, rateLimitOverride: body.rateLimitPerSecond,
                by: try context.requireOperator()))
        }
    }

    private func addKeyRoutes(to routes: GatewayRouter) {
        routes.get("/admin/v1/tenants/{tenant}/keys", .operator) { _, context in
            let tenant = try await service.tenant(reference: try Self.tenantReference(context))
            return try Response.json(KeyList(items: try await service.keys(for: tenant.id)))
        }
        routes.post("/admin/v1/tenants/{tenant}/keys", .operator) { request, context in
            let tenant = try await service.tenant(reference: try Self.tenantReference(context))
            let body = try await request.decodeJSON(APIKeyRequest.self, context: context)
            let issued = try await service.issueKey(for: tenant.id, body, by: try context.requireOperator())
            return try Response.json(IssuedKeyView(issued), status: .created)
        }
        routes.delete("/admin/v1/tenants/{tenant}/keys/{id}", .operator) { _, context in
            let tenant = try await service.tenant(reference: try Self.tenantReference(context))
            let key = try await service.revokeKey(try KeyPath.keyID(context), of: tenant.id, by: try context.requireOperator())
            return try Response.json(key)
        }
    }

    private func addJobRoutes(to routes: GatewayRouter) {
        routes.get("/admin/v1/jobs", .operator) { request, context in
            let query = request.uri.queryParameters
            var state: JobState?
            if let raw = query["state"] {
                guard let parsed = JobState(rawValue: String(raw)) else {
                    throw PorticoError.invalidRequest(
                        "Unknown state; use one of \(JobState.allCases.map(\.rawValue).joined(separator: ", ")).",
                        field: "state")
                }
                state = parsed
            }
            let limit = try Paging.limit(query)
            let jobs = try await queue.list(state: state, limit: limit, beforeID: try Paging.int64(query, "cursor"))
            return try Response.json(Page(items: jobs, nextCursor: jobs.count == limit ? jobs.last.map { String($0.id) } : nil))
        }
        routes.post("/admin/v1/jobs/{id}/retry", .operator) { _, context in
            guard let id = context.parameters.get("id").flatMap(Int64.init) else {
                throw PorticoError.notFound("No job with this id.")
            }
            let actor = try context.requireOperator()
            let retried = try await queue.retryDead(id: id) { connection in
                try await AuditLog.record("job.retry", target: "job:\(id)", by: actor, on: connection, logger: service.logger)
            }
            guard retried else {
                throw PorticoError.conflict("job_not_dead", "Job \(id) does not exist or is not dead (or its work is already queued again); only dead jobs can be retried.")
            }
            return try Response.json(["id": id], status: .accepted)
        }
    }

    static func tenantReference(_ context: PorticoRequestContext) throws -> String {
        guard let reference = context.parameters.get("tenant"), !reference.isEmpty, reference.count <= 64,
              !reference.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw PorticoError.notFound("No such tenant.")
        }
        return reference
    }
}
