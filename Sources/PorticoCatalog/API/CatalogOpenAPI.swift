import PorticoGateway

extension CatalogModule {
    /// The catalog's routes as Backstage's catalog OpenAPI document describes them (same paths under
    /// `/api/catalog`, same schema names and shapes), plus Portico's additions: a location's refresh
    /// status, the provider push routes and the catalog settings.
    public static let openAPI = OpenAPIFragment(
        owner: "catalog", parts: [CatalogOpenAPIPaths.yaml, CatalogOpenAPIComponents.yaml])
}
