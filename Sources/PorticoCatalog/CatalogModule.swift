import PorticoGateway
import PorticoStore

/// The catalog module as the composition root sees it: its routes (and, later, its jobs).
public struct CatalogModule: Sendable {
    public let service: CatalogService

    public init(database: Database) {
        self.service = CatalogService(database: database)
    }

    public func addRoutes(to routes: GatewayRouter) {
        CatalogController(service: service).addRoutes(to: routes)
    }
}
