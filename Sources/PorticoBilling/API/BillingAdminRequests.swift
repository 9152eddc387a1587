import Foundation
import PorticoCore
import PorticoGateway

/// `POST /admin/v1/billing/runs`.
struct BillingRunRequest: Decodable, Sendable {
    let dryRun: Bool

    enum CodingKeys: String, CodingKey, CaseIterable { case dryRun }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        dryRun = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .dryRun) ?? false
    }
}

/// `PUT /admin/v1/billing/tenants/{tenant}/clock`.
struct ClockRequest: Decodable, Sendable {
    let time: Date

    enum CodingKeys: String, CodingKey, CaseIterable { case time }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let raw = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .time)
        guard let time = try? Date(raw, strategy: .iso8601) else {
            throw PorticoError.validation("'time' must be an ISO 8601 time such as 2027-01-31T23:59:59Z.", field: "time")
        }
        self.time = time
    }
}

/// `POST /admin/v1/billing/tenants/{tenant}/profile/approve`.
struct ProfileApprovalRequest: Decodable, Sendable {
    let taxRateBasisPoints: Int

    enum CodingKeys: String, CodingKey, CaseIterable { case taxRateBasisPoints }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        taxRateBasisPoints = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .taxRateBasisPoints) ?? 0
    }
}

/// `POST /admin/v1/billing/invoices/{invoiceId}/credit-notes`.
struct CreditNoteRequest: Decodable, Sendable {
    let amount: Int64
    let reason: String

    enum CodingKeys: String, CodingKey, CaseIterable { case amount, reason }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        amount = try container.decode(Int64.self, forKey: .amount)
        reason = try TextField.validate(try container.decode(String.self, forKey: .reason), field: "reason", maxLength: 500)
    }
}

/// `POST /admin/v1/billing/plans/{plan}/versions`: the next version's prices.
struct PlanVersionRequest: Decodable, Sendable {
    let currency: String
    let baseFee: Int64
    let meters: [MeterPrice]

    enum CodingKeys: String, CodingKey, CaseIterable { case currency, baseFee, meters }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currency = try container.decode(String.self, forKey: .currency)
        baseFee = try container.decode(Int64.self, forKey: .baseFee)
        meters = try container.decode([MeterPrice].self, forKey: .meters)
    }
}

/// `POST /admin/v1/billing/plans/{plan}/migrate`.
struct PlanMigrationRequest: Decodable, Sendable {
    let toVersion: Int?
    let dryRun: Bool

    enum CodingKeys: String, CodingKey, CaseIterable { case toVersion, dryRun }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        toVersion = try container.decodeIfPresent(Int.self, forKey: .toVersion)
        if let toVersion, toVersion < 1 { throw PorticoError.validation("'toVersion' must be 1 or more.", field: "toVersion") }
        dryRun = try container.decodeIfPresent(Bool.self, forKey: .dryRun) ?? false
    }
}
