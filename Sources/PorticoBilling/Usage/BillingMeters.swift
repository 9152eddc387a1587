import PorticoCore

/// The meters billing prices that no module's list declares: reported by billing itself (the
/// catalog's size) or by the gateway and Insights (seats, see `Meter.seats`).
public enum BillingMeters {
    public static let seats = Meter.seats
    public static let seatsFromInsights = Meter.seatsFromInsights
    public static let seatsFromKeys = Meter.seatsFromKeys
    /// Entities in the catalog, sampled every hour by billing.
    public static let catalogEntities = Meter("catalog.entities")
}
