import Foundation

/// A billable quantity a module measures, named `<module>.<what>` (`api.requests`, `insights.events`).
public struct Meter: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }

    /// Distinct users in the month, one record per user and month: of the whole product rather
    /// than one module, so it carries no module prefix. Reported from Insights' events (dimension
    /// `insights`) and, for tenants that send none, from the API keys used (dimension `keys`).
    public static let seats = Meter("seats")
    public static let seatsFromInsights = "insights"
    public static let seatsFromKeys = "keys"
}

/// One report of usage. The idempotency key is the reporter's promise that the same key always
/// means the same usage: reporting it again, for ever, counts once.
public struct UsageRecord: Sendable, Equatable {
    public let tenant: TenantID
    public let meter: Meter
    /// What the quantity is split by within the meter (the route group of `api.requests`); empty for none.
    public let dimension: String
    public let quantity: Int64
    public let idempotencyKey: String
    public let occurredAt: Date

    public init(tenant: TenantID, meter: Meter, dimension: String = "", quantity: Int64, idempotencyKey: String, occurredAt: Date) {
        self.tenant = tenant
        self.meter = meter
        self.dimension = dimension
        self.quantity = quantity
        self.idempotencyKey = idempotencyKey
        self.occurredAt = occurredAt
    }
}

/// The usage port: modules and the gateway report what tenants used; billing reads it.
public protocol UsageRecorder: Sendable {
    /// Stores the records; records whose (tenant, meter, idempotency key) was stored before are ignored.
    func record(_ records: [UsageRecord]) async throws
}
