import ArgumentParser
import PorticoCatalog
import PorticoCore

/// The catalogs `portico bench catalog` can build: the organisation (selective filters, many
/// relations) and the labelled flat catalog (filters matching a third or all of it).
enum CatalogShape: String, CaseIterable, ExpressibleByArgument {
    case organisation
    case labels

    /// Printed before each line of the shape's ingestion; the organisation keeps its original lines.
    var label: String { self == .organisation ? "" : "[\(rawValue)] " }

    var tenantSuffix: String { self == .organisation ? "big" : rawValue }

    func entities(total: Int) -> [JSONValue] {
        switch self {
        case .organisation: CatalogGenerator(total: total, prefix: "").entities()
        case .labels: LabelledCatalogGenerator(total: total).entities()
        }
    }
}
