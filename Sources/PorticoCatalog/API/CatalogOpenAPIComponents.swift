/// The `components:` half of the catalog's OpenAPI fragment: Backstage's schemas under Backstage's
/// names, then Portico's own.
enum CatalogOpenAPIComponents {
    static let yaml = #"""
        components:
          parameters:
            kind: {name: kind, in: path, required: true, allowReserved: true, schema: {type: string}}
            namespace: {name: namespace, in: path, required: true, allowReserved: true, schema: {type: string}}
            name: {name: name, in: path, required: true, allowReserved: true, schema: {type: string}}
            uid: {name: uid, in: path, required: true, allowReserved: true, schema: {type: string}}
            locationId: {name: id, in: path, required: true, allowReserved: true, schema: {type: string}}
            provider:
              name: provider
              in: path
              required: true
              description: The pushing provider's name, 1-63 characters of a-z, 0-9, '-', '_' and '.'.
              schema: {type: string}
            cursor:
              name: cursor
              in: query
              description: >-
                A `nextCursor` or `prevCursor` of an earlier answer. It carries the query it was made for,
                so `filter`, `orderField` and `fullTextFilter*` are ignored beside it.
              allowReserved: true
              schema: {type: string, minLength: 1}
            after:
              name: after
              in: query
              description: The cursor a `Link` header of an earlier page named.
              allowReserved: true
              schema: {type: string, minLength: 1}
            fields:
              name: fields
              in: query
              description: >-
                Comma-separated parts of each entity to keep (`metadata.name,spec`); the rest is left out.
              allowReserved: true
              explode: false
              schema: {type: array, items: {type: string}}
            filter:
              name: filter
              in: query
              description: >-
                Conditions `key` (exists) or `key=value`, comma-separated, all of which must hold; repeat
                the parameter for alternatives. Keys are dotted paths into the entity; an array of plain
                values matches `path.item` (or `path.item=true`); relations match `relations.<type>=<ref>`.
                Case-insensitive.
              allowReserved: true
              schema: {type: array, items: {type: string}}
            offset:
              name: offset
              in: query
              description: Entities to skip.
              allowReserved: true
              schema: {type: integer, minimum: 0, maximum: 100000}
            limit:
              name: limit
              in: query
              description: Entities to return at most.
              allowReserved: true
              schema: {type: integer, minimum: 0, maximum: 10000}
            orderField:
              name: orderField
              in: query
              description: Like `metadata.name,asc` or `spec.owner,desc`; repeat for further sort keys.
              allowReserved: true
              explode: true
              style: form
              schema: {type: array, items: {type: string}}
          responses:
            ErrorResponse:
              description: >-
                An error in Backstage's shape (`error`, `request`, `response`), with Portico's problem
                fields beside it.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
          schemas:
            Error:
              type: object
              properties:
                error:
                  type: object
                  properties:
                    name: {type: string}
                    message: {type: string}
                    stack: {type: string}
                    code: {type: string}
                  required: [name, message]
                request:
                  type: object
                  properties:
                    method: {type: string}
                    url: {type: string}
                  required: [method, url]
                response:
                  type: object
                  properties:
                    statusCode: {type: number}
                  required: [statusCode]
                type: {type: string}
                title: {type: string}
                status: {type: integer}
                detail: {type: string}
                code: {type: string}
                field: {type: string}
                requestId: {type: string}
              required: [error, response]
              additionalProperties: {}
            JsonObject:
              type: object
              description: Any JSON object.
              additionalProperties: {}
            MapStringString:
              type: object
              additionalProperties: {type: string}
            EntityLink:
              type: object
              description: A link to external information about the entity.
              properties:
                url: {type: string}
                title: {type: string}
                icon: {type: string}
                type: {type: string}
              required: [url]
              additionalProperties: false
            EntityMeta:
              type: object
              description: Metadata common to every kind of entity.
              properties:
                uid: {type: string}
                etag: {type: string}
                name: {type: string}
                namespace: {type: string}
                title: {type: string}
                description: {type: string}
                labels: {$ref: '#/components/schemas/MapStringString'}
                annotations: {$ref: '#/components/schemas/MapStringString'}
                tags: {type: array, items: {type: string}}
                links: {type: array, items: {$ref: '#/components/schemas/EntityLink'}}
              required: [name]
              additionalProperties: {}
            EntityRelation:
              type: object
              description: A relation of one type to another entity.
              properties:
                type: {type: string}
                targetRef: {type: string}
              required: [targetRef, type]
              additionalProperties: false
            Entity:
              type: object
              description: An entity, as every version and kind has it.
              properties:
                apiVersion: {type: string}
                kind: {type: string}
                metadata: {$ref: '#/components/schemas/EntityMeta'}
                spec: {$ref: '#/components/schemas/JsonObject'}
                relations: {type: array, items: {$ref: '#/components/schemas/EntityRelation'}}
              required: [metadata, kind, apiVersion]
            NullableEntity:
              description: An entity, or null where none exists.
              anyOf:
                - {$ref: '#/components/schemas/Entity'}
                - {type: 'null'}
            SelectedEntity:
              type: object
              description: >-
                An entity (see `Entity`) or, when the request named `fields`, only the parts selected (so
                even `metadata.name` may be absent).
              properties:
                apiVersion: {type: string}
                kind: {type: string}
                metadata:
                  type: object
                  properties:
                    uid: {type: string}
                    etag: {type: string}
                    name: {type: string}
                    namespace: {type: string}
                    labels: {$ref: '#/components/schemas/MapStringString'}
                    annotations: {$ref: '#/components/schemas/MapStringString'}
                    tags: {type: array, items: {type: string}}
                    links: {type: array, items: {$ref: '#/components/schemas/EntityLink'}}
                  additionalProperties: {}
                spec: {$ref: '#/components/schemas/JsonObject'}
                relations: {type: array, items: {$ref: '#/components/schemas/EntityRelation'}}
            NullableSelectedEntity:
              anyOf:
                - {$ref: '#/components/schemas/SelectedEntity'}
                - {type: 'null'}
            EntityAncestryResponse:
              type: object
              properties:
                rootEntityRef: {type: string}
                items:
                  type: array
                  items:
                    type: object
                    properties:
                      entity: {$ref: '#/components/schemas/Entity'}
                      parentEntityRefs: {type: array, items: {type: string}}
                    required: [parentEntityRefs, entity]
              required: [items, rootEntityRef]
              additionalProperties: false
            EntitiesBatchResponse:
              type: object
              properties:
                items:
                  type: array
                  description: In the order of the refs asked for; null where no entity has that ref.
                  items: {$ref: '#/components/schemas/NullableSelectedEntity'}
              required: [items]
              additionalProperties: false
            EntitiesQueryResponse:
              type: object
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/SelectedEntity'}}
                totalItems: {type: number}
                pageInfo:
                  type: object
                  properties:
                    nextCursor: {type: string}
                    prevCursor: {type: string}
              required: [items, totalItems, pageInfo]
              additionalProperties: false
            EntityFacet:
              type: object
              properties:
                value: {type: string}
                count: {type: number}
              required: [value, count]
              additionalProperties: false
            EntityFacetsResponse:
              type: object
              properties:
                facets:
                  type: object
                  additionalProperties: {type: array, items: {$ref: '#/components/schemas/EntityFacet'}}
              required: [facets]
              additionalProperties: false
            Location:
              type: object
              description: A registered location.
              properties:
                id: {type: string}
                type: {type: string}
                target: {type: string}
              required: [target, type, id]
              additionalProperties: false
            LocationSpec:
              type: object
              properties:
                type: {type: string}
                target: {type: string}
              required: [target, type]
              additionalProperties: false
            LocationInput:
              type: object
              properties:
                type: {type: string}
                target: {type: string}
              required: [type, target]
              additionalProperties: false
            AnalyzeLocationExistingEntity:
              type: object
              description: A descriptor file the location already holds, and whether it is registered.
              properties:
                entity: {$ref: '#/components/schemas/Entity'}
                isRegistered: {type: boolean}
                location: {$ref: '#/components/schemas/LocationSpec'}
              required: [entity, isRegistered, location]
              additionalProperties: false
            AnalyzeLocationEntityField:
              type: object
              properties:
                field: {type: string}
                state: {type: string, enum: [analysisSuggestedValue, analysisSuggestedNoValue, needsUserInput]}
                value: {type: [string, 'null']}
                description: {type: string}
              required: [description, value, state, field]
              additionalProperties: false
            AnalyzeLocationGenerateEntity:
              type: object
              properties:
                entity: {$ref: '#/components/schemas/SelectedEntity'}
                fields: {type: array, items: {$ref: '#/components/schemas/AnalyzeLocationEntityField'}}
              required: [fields, entity]
              additionalProperties: false
            AnalyzeLocationResponse:
              type: object
              properties:
                existingEntityFiles: {type: array, items: {$ref: '#/components/schemas/AnalyzeLocationExistingEntity'}}
                generateEntities: {type: array, items: {$ref: '#/components/schemas/AnalyzeLocationGenerateEntity'}}
              required: [generateEntities, existingEntityFiles]
              additionalProperties: false
            ValidationErrors:
              type: object
              properties:
                errors:
                  type: array
                  items:
                    type: object
                    properties:
                      name: {type: string}
                      message: {type: string}
                    required: [name, message]
                    additionalProperties: {}
              required: [errors]
            LocationProblem:
              type: object
              description: A file or entity the last refresh skipped, and why.
              properties:
                target: {type: string}
                entityRef: {type: string}
                field: {type: string}
                message: {type: string}
              required: [target, message]
              additionalProperties: false
            LocationRefreshStatus:
              type: object
              description: Portico's state of a location's refreshes.
              properties:
                status: {type: string, enum: [pending, ok, failed], description: "pending until the first refresh ends."}
                message: {type: string}
                failedRefreshes: {type: integer, minimum: 0, description: "Refreshes that failed in a row."}
                entityCount: {type: integer, minimum: 0}
                lastRefreshedAt: {type: string, format: date-time}
                problems: {type: array, items: {$ref: '#/components/schemas/LocationProblem'}}
              required: [status, failedRefreshes, entityCount, problems]
              additionalProperties: false
            IngestionReport:
              type: object
              description: What a push changed; `conflicts` are entities another source owns (left alone).
              properties:
                added: {type: integer, minimum: 0}
                updated: {type: integer, minimum: 0}
                unchanged: {type: integer, minimum: 0}
                removed: {type: integer, minimum: 0}
                conflicts:
                  type: array
                  items:
                    type: object
                    properties:
                      entityRef: {type: string}
                      ownedBy: {type: string}
                    required: [entityRef, ownedBy]
                    additionalProperties: false
                errors:
                  type: array
                  items:
                    type: object
                    properties:
                      index: {type: integer, minimum: 0}
                      entityRef: {type: string}
                      field: {type: string}
                      message: {type: string}
                    required: [index, field, message]
                    additionalProperties: false
              required: [added, updated, unchanged, removed, conflicts, errors]
              additionalProperties: false
            CatalogSettings:
              type: object
              properties:
                refreshIntervalMinutes: {type: integer, minimum: 1, maximum: 1440, description: "How often each location is fetched again."}
                orphanPolicy:
                  type: string
                  enum: [orphan, delete]
                  description: What happens to entities gone from their location.
              required: [refreshIntervalMinutes, orphanPolicy]
              additionalProperties: false
        """#
}
