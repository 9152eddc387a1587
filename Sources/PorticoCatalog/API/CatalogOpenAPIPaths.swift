/// The `paths:` half of the catalog's OpenAPI fragment.
enum CatalogOpenAPIPaths {
    static let yaml = #"""
        paths:
          /api/catalog/refresh:
            post:
              operationId: RefreshEntity
              tags: [Entity]
              description: Refresh the entity named by entityRef (its location is fetched again soon).
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        authorizationToken: {type: string}
                        entityRef: {type: string, description: "The entity to refresh."}
                      required: [entityRef]
              responses:
                '200': {description: "Refresh scheduled (nothing to fetch for an entity a provider pushed)."}
                '400': {$ref: '#/components/responses/ErrorResponse'}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/entities:
            get:
              operationId: GetEntities
              tags: [Entity]
              description: >-
                Every entity matching the filter. Without `limit`, all of them in one array; with `limit`,
                one page, and a `Link` header naming the next page (`after` cursor) when there is one.
              security: [{apiKey: []}]
              parameters:
                - $ref: '#/components/parameters/fields'
                - $ref: '#/components/parameters/limit'
                - $ref: '#/components/parameters/filter'
                - $ref: '#/components/parameters/offset'
                - $ref: '#/components/parameters/after'
                - name: order
                  in: query
                  description: Like `asc:metadata.name`; repeat for further sort keys.
                  allowReserved: true
                  schema: {type: array, items: {type: string}}
              responses:
                '200':
                  description: The matching entities.
                  headers:
                    Link:
                      description: The next page, as `<...>; rel="next"`.
                      schema: {type: string}
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {$ref: '#/components/schemas/SelectedEntity'}
                '400': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/entities/by-uid/{uid}:
            parameters:
              - $ref: '#/components/parameters/uid'
            get:
              operationId: GetEntityByUid
              tags: [Entity]
              description: One entity by its uid.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The entity.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Entity'}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
            delete:
              operationId: DeleteEntityByUid
              tags: [Entity]
              description: Deletes one entity by its uid.
              security: [{apiKey: []}]
              responses:
                '204': {description: "Deleted."}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/entities/by-name/{kind}/{namespace}/{name}:
            parameters:
              - $ref: '#/components/parameters/kind'
              - $ref: '#/components/parameters/namespace'
              - $ref: '#/components/parameters/name'
            get:
              operationId: GetEntityByName
              tags: [Entity]
              description: One entity by its ref.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The entity.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Entity'}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/entities/by-name/{kind}/{namespace}/{name}/ancestry:
            parameters:
              - $ref: '#/components/parameters/kind'
              - $ref: '#/components/parameters/namespace'
              - $ref: '#/components/parameters/name'
            get:
              operationId: GetEntityAncestryByName
              tags: [Entity]
              description: The entity, then the Location entities that led to it.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The ancestry.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/EntityAncestryResponse'}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/entities/by-refs:
            post:
              operationId: GetEntitiesByRefs
              tags: [Entity]
              description: Entities by ref, in the order asked; null for a ref that names none.
              security: [{apiKey: []}]
              parameters:
                - $ref: '#/components/parameters/fields'
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [entityRefs]
                      properties:
                        entityRefs: {type: array, maxItems: 10000, items: {type: string}}
                        fields: {type: [array, 'null'], items: {type: string}}
              responses:
                '200':
                  description: The entities.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/EntitiesBatchResponse'}
                '400': {$ref: '#/components/responses/ErrorResponse'}
                '422': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/entities/by-query:
            get:
              operationId: GetEntitiesByQuery
              tags: [Entity]
              description: A page of the entities matching a query, with cursors to the pages around it.
              security: [{apiKey: []}]
              parameters:
                - $ref: '#/components/parameters/fields'
                - $ref: '#/components/parameters/limit'
                - $ref: '#/components/parameters/offset'
                - $ref: '#/components/parameters/orderField'
                - $ref: '#/components/parameters/cursor'
                - $ref: '#/components/parameters/filter'
                - name: fullTextFilterTerm
                  in: query
                  description: Text to search for.
                  allowReserved: true
                  schema: {type: string}
                - name: fullTextFilterFields
                  in: query
                  description: The fields the text is searched in, comma-separated.
                  allowReserved: true
                  explode: false
                  style: form
                  schema: {type: array, items: {type: string}}
              responses:
                '200':
                  description: The page.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/EntitiesQueryResponse'}
                '400': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/entity-facets:
            get:
              operationId: GetEntityFacets
              tags: [Entity]
              description: The values of each facet among the entities matching the filter, with counts.
              security: [{apiKey: []}]
              parameters:
                - name: facet
                  in: query
                  required: true
                  allowReserved: true
                  schema: {type: array, minItems: 1, maxItems: 20, items: {type: string, maxLength: 200}}
                - $ref: '#/components/parameters/filter'
              responses:
                '200':
                  description: The facets.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/EntityFacetsResponse'}
                '400': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/locations:
            post:
              operationId: CreateLocation
              tags: [Locations]
              description: >-
                Registers a `url` location (a worker fetches it soon); with `dryRun=true`, reads it and
                answers what registering would ingest, writing nothing.
              security: [{apiKey: []}]
              parameters:
                - name: dryRun
                  in: query
                  allowReserved: true
                  schema: {type: string}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        target: {type: string}
                        type: {type: string}
                      required: [target, type]
              responses:
                '201':
                  description: Created (or, for a dry run, what would be).
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          exists: {type: boolean}
                          entities: {type: array, items: {$ref: '#/components/schemas/Entity'}}
                          location: {$ref: '#/components/schemas/Location'}
                        required: [entities, location]
                '400': {$ref: '#/components/responses/ErrorResponse'}
                '409': {$ref: '#/components/responses/ErrorResponse'}
                '422': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
            get:
              operationId: GetLocations
              tags: [Locations]
              description: Every registered location.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The locations.
                  content:
                    application/json:
                      schema:
                        type: array
                        items:
                          type: object
                          properties:
                            data: {$ref: '#/components/schemas/Location'}
                          required: [data]
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/locations/{id}:
            parameters:
              - $ref: '#/components/parameters/locationId'
            get:
              operationId: GetLocation
              tags: [Locations]
              description: One location by id.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The location.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Location'}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
            delete:
              operationId: DeleteLocation
              tags: [Locations]
              description: Deletes a location and the entities it produced.
              security: [{apiKey: []}]
              responses:
                '204': {description: "Deleted."}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/locations/{id}/status:
            parameters:
              - $ref: '#/components/parameters/locationId'
            get:
              operationId: GetLocationStatus
              tags: [Locations]
              description: Portico's state of a location's refreshes (not part of Backstage's API).
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The refresh state.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/LocationRefreshStatus'}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/locations/by-entity/{kind}/{namespace}/{name}:
            parameters:
              - $ref: '#/components/parameters/kind'
              - $ref: '#/components/parameters/namespace'
              - $ref: '#/components/parameters/name'
            get:
              operationId: getLocationByEntity
              tags: [Locations]
              description: The location that produced an entity.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The location.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Location'}
                '404': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/analyze-location:
            post:
              operationId: AnalyzeLocation
              tags: [Locations]
              description: Reads a location and tells which entities it already describes.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        catalogFileName: {type: string}
                        location: {$ref: '#/components/schemas/LocationInput'}
                      required: [location]
              responses:
                '200':
                  description: The analysis.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AnalyzeLocationResponse'}
                '400': {$ref: '#/components/responses/ErrorResponse'}
                '422': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/validate-entity:
            post:
              operationId: ValidateEntity
              tags: [Entity]
              description: Checks an entity as ingestion would, writing nothing.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        location: {type: string}
                        entity: {type: object, additionalProperties: {}}
                      required: [location, entity]
              responses:
                '200':
                  description: Valid.
                  content:
                    application/json:
                      schema: {type: object, additionalProperties: false}
                '400':
                  description: Validation errors.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/ValidationErrors'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/providers/{provider}/entities:
            parameters:
              - $ref: '#/components/parameters/provider'
            put:
              operationId: ReplaceProviderEntities
              tags: [Providers]
              description: >-
                Portico's push API: the provider's entities become exactly these (the ones it pushed
                before and left out are removed). Up to 64 MiB.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        entities: {type: array, items: {type: object, additionalProperties: {}}}
                      required: [entities]
              responses:
                '200':
                  description: What the push changed.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/IngestionReport'}
                '400': {$ref: '#/components/responses/ErrorResponse'}
                '422': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/providers/{provider}/delta:
            parameters:
              - $ref: '#/components/parameters/provider'
            post:
              operationId: ApplyProviderDelta
              tags: [Providers]
              description: "Portico's push API, as a change: entities added or updated, and refs removed."
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        added: {type: [array, 'null'], items: {type: object, additionalProperties: {}}}
                        removed: {type: [array, 'null'], items: {type: string}}
              responses:
                '200':
                  description: What the push changed.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/IngestionReport'}
                '400': {$ref: '#/components/responses/ErrorResponse'}
                '422': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}
          /api/catalog/settings:
            get:
              operationId: GetCatalogSettings
              tags: [Settings]
              description: The tenant's catalog settings (Portico's own).
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The settings.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/CatalogSettings'}
                default: {$ref: '#/components/responses/ErrorResponse'}
            put:
              operationId: PutCatalogSettings
              tags: [Settings]
              description: Replaces the tenant's catalog settings (scope `tenant:admin`).
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/CatalogSettings'}
              responses:
                '200':
                  description: The settings now in force.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/CatalogSettings'}
                '400': {$ref: '#/components/responses/ErrorResponse'}
                '422': {$ref: '#/components/responses/ErrorResponse'}
                default: {$ref: '#/components/responses/ErrorResponse'}

        """#
}
