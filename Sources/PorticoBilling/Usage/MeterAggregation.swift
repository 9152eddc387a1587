/// How a meter's daily totals become the one quantity a period is billed for.
enum MeterAggregation: Sendable {
    /// Counters (requests, events, questions, tokens): the sum.
    case sum
    /// A gauge sampled every hour (entities in the catalog): the mean of the samples, so a
    /// catalog that grew mid-month pays for the time it was large (its peak is shown too).
    case timeWeightedAverage
    /// One record per distinct user and month from each source: the first source that reported
    /// any (seats: Insights' active users where the tenant sends events, else API keys used).
    case distinct(preferring: [String])

    static func of(_ meter: String) -> MeterAggregation {
        switch meter {
        case BillingMeters.catalogEntities.name: .timeWeightedAverage
        case BillingMeters.seats.name: .distinct(preferring: [BillingMeters.seatsFromInsights, BillingMeters.seatsFromKeys])
        default: .sum
        }
    }
}
