import Foundation
import PorticoCore

/// What a billing run did (or, dry, would do), in total and per tenant.
public struct BillingRunReport: Codable, Sendable, Equatable {
    public var dryRun: Bool
    public var tenantsVisited = 0
    public var invoicesCreated = 0
    public var invoicesFinalized = 0
    public var trialsEnded = 0
    public var subscriptionsPastDue = 0
    public var tenantsSuspended = 0
    public var subscriptionsStarted = 0
    public var failures = 0
    /// What happened to each tenant that changed, at most `BillingRunReport.itemLimit` of them.
    public var items: [Item] = []

    static let itemLimit = 1_000

    public struct Item: Codable, Sendable, Equatable {
        public let tenantId: TenantID
        public let action: String
        public let detail: String
    }

    public init(dryRun: Bool) {
        self.dryRun = dryRun
    }

    mutating func note(_ tenant: TenantID, _ action: String, _ detail: String) {
        if items.count < Self.itemLimit { items.append(Item(tenantId: tenant, action: action, detail: detail)) }
    }

    mutating func merge(_ other: BillingRunReport) {
        tenantsVisited += other.tenantsVisited
        invoicesCreated += other.invoicesCreated
        invoicesFinalized += other.invoicesFinalized
        trialsEnded += other.trialsEnded
        subscriptionsPastDue += other.subscriptionsPastDue
        tenantsSuspended += other.tenantsSuspended
        subscriptionsStarted += other.subscriptionsStarted
        failures += other.failures
        items.append(contentsOf: other.items.prefix(max(0, Self.itemLimit - items.count)))
    }
}
