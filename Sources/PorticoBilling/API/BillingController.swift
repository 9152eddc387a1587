import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PorticoCore
import PorticoGateway

/// `/v1/billing`: the tenant's subscription, live usage, invoices and billing profile. A tenant
/// suspended for an unpaid invoice can still read them (and so see what to settle).
struct BillingController: Sendable {
    static let bodyLimit = 16 << 10

    let service: BillingService

    func addRoutes(to routes: GatewayRouter) {
        routes.get("/v1/billing/subscription", .tenant(.billingRead, whileSuspended: true)) { _, context in
            try .json(SubscriptionView(try await service.lifecycle.subscription(of: try context.tenantContext())))
        }
        routes.post("/v1/billing/subscription", .tenant(.billingAdmin), bodyLimit: Self.bodyLimit) { request, context in
            let body = try await request.decodeJSON(SubscriptionChangeRequest.self, context: context)
            return try .json(SubscriptionView(try await service.lifecycle.change(body, for: try context.tenantContext())))
        }
        routes.get("/v1/billing/usage", .tenant(.billingRead, whileSuspended: true)) { _, context in
            try .json(try await service.usage(of: try context.tenantContext()))
        }
        routes.get("/v1/billing/invoices", .tenant(.billingRead, whileSuspended: true)) { request, context in
            let tenant = try context.tenantContext()
            let query = request.uri.queryParameters
            let limit = try query.integer("limit", default: 50, range: 1...500) ?? 50
            let status = try Self.status(query.get("status"))
            return try .json(InvoiceList(items: try await service.invoices(of: tenant.id, status: status, limit: limit)))
        }
        routes.get("/v1/billing/invoices/{invoiceId}", .tenant(.billingRead, whileSuspended: true)) { request, context in
            let tenant = try context.tenantContext()
            let invoice = try await service.invoice(try Self.invoiceID(context), of: tenant.id)
            return try await Self.respond(with: invoice, to: request, service: service)
        }
        routes.get("/v1/billing/profile", .tenant(.billingRead, whileSuspended: true)) { _, context in
            guard let profile = try await service.profile(of: try context.tenantContext().id) else {
                throw PorticoError.notFound("No billing profile yet; write one with PUT /v1/billing/profile.")
            }
            return try .json(profile)
        }
        routes.put("/v1/billing/profile", .tenant(.billingAdmin), bodyLimit: Self.bodyLimit) { request, context in
            let body = try await request.decodeJSON(BillingProfileRequest.self, context: context)
            return try .json(try await service.writeProfile(body, for: try context.tenantContext().id))
        }
    }

    static func invoiceID(_ context: PorticoRequestContext) throws -> UUID {
        guard let id = context.parameters.get("invoiceId").flatMap(UUID.init(uuidString:)) else {
            throw PorticoError.invalidRequest("The path must name an invoice by its id (a UUID).", field: "invoiceId")
        }
        return id
    }

    static func status(_ raw: String?) throws -> InvoiceStatus? {
        guard let raw else { return nil }
        guard let status = InvoiceStatus(rawValue: raw) else {
            throw PorticoError.invalidRequest("'status' must be draft, open, paid, void or uncollectible.", field: "status")
        }
        return status
    }

    /// JSON, or the printable page for a client that asks for `text/html` first.
    static func respond(with invoice: Invoice, to request: Request, service: BillingService) async throws -> Response {
        let accept = request.headers[.accept] ?? ""
        guard accept.lowercased().hasPrefix("text/html") else { return try .json(invoice) }
        let html = try await service.invoiceHTML(invoice)
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

struct InvoiceList: Encodable, Sendable {
    let items: [Invoice]
}
