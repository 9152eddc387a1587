import PorticoCore
import PorticoGateway

/// `POST /v1/signups` (and the admin API's tenant creation).
public struct SignupRequest: Sendable, Decodable {
    public var organization: String
    public var slug: String
    public var adminEmail: String
    public var plan: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case organization, slug, adminEmail, plan }

    public init(organization: String, slug: String, adminEmail: String, plan: String? = nil) {
        self.organization = organization
        self.slug = slug
        self.adminEmail = adminEmail
        self.plan = plan
    }

    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        organization = try container.decode(String.self, forKey: .organization)
        slug = try container.decode(String.self, forKey: .slug)
        adminEmail = try container.decode(String.self, forKey: .adminEmail)
        plan = try container.decodeIfPresent(String.self, forKey: .plan)
    }

    struct Validated {
        let name: String
        let slug: Slug
        let adminEmail: String
        let plan: Plan
    }

    func validated() throws -> Validated {
        let name = try TextField.validate(organization, field: "organization", maxLength: 200)
        let slug: Slug
        do { slug = try Slug(validating: self.slug) } catch {
            throw PorticoError.validation("'slug' \(error.description).", field: "slug")
        }
        let email = try TextField.validateEmail(adminEmail, field: "adminEmail")
        let planID = plan ?? Plan.free.id.id
        guard let plan = Plan.named(planID) else {
            throw PorticoError.validation("Unknown plan; use one of \(Plan.names).", field: "plan")
        }
        return Validated(name: name, slug: slug, adminEmail: email, plan: plan)
    }
}

/// What a signup returns: the tenant, its first API key (shown only here) and where to watch progress.
public struct SignupResult: Sendable, Encodable {
    public struct TenantSummary: Sendable, Encodable {
        public let id: TenantID
        public let slug: Slug
        public let status: TenantStatus
    }

    public let tenant: TenantSummary
    public let apiKey: String
    public let statusUrl: String
}
