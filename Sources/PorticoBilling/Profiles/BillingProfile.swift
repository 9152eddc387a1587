import Foundation
import PorticoCore
import PorticoGateway

/// Who a tenant's invoices are addressed to, and at what tax rate. A tenant writes it; an
/// operator sets the tax rate and approves it (no payment processor is reachable from here, so
/// approval stands for "we know how this customer pays"); a trial ends on the paid plan only with
/// an approved profile.
struct BillingProfile: Codable, Sendable, Equatable {
    var legalName: String
    var email: String
    var address: String
    var taxId: String
    var taxRateBasisPoints: Int
    var approvedAt: Date?
    var approvedBy: String?
    var updatedAt: Date
}

/// `PUT /v1/billing/profile`: what the tenant may write (not its tax rate, not the approval).
struct BillingProfileRequest: Decodable, Sendable {
    let legalName: String
    let email: String
    let address: String?
    let taxId: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case legalName, email, address, taxId }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        legalName = try container.decode(String.self, forKey: .legalName)
        email = try container.decode(String.self, forKey: .email)
        address = try container.decodeIfPresent(String.self, forKey: .address)
        taxId = try container.decodeIfPresent(String.self, forKey: .taxId)
    }

    func validated() throws -> (legalName: String, email: String, address: String, taxId: String) {
        (try TextField.validate(legalName, field: "legalName", maxLength: 200),
         try TextField.validateEmail(email, field: "email"),
         try TextField.validate(address ?? "", field: "address", maxLength: 1_000, allowEmpty: true, allowLineBreaks: true),
         try TextField.validate(taxId ?? "", field: "taxId", maxLength: 50, allowEmpty: true))
    }
}
