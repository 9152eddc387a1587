import PorticoGateway

struct SuspendRequest: Decodable {
    let reason: String?
}

struct PlanChangeRequest: Decodable {
    let plan: String
    let rateLimitPerSecond: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case plan, rateLimitPerSecond }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plan = try container.decode(String.self, forKey: .plan)
        rateLimitPerSecond = try container.decodeIfPresent(Int.self, forKey: .rateLimitPerSecond)
    }
}
