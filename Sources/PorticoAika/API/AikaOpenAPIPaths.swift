/// The paths of AiKA's OpenAPI fragment.
enum AikaOpenAPIPaths {
    static let yaml = #"""
        paths:
          /api/aika/ask:
            post:
              operationId: askAika
              tags: [AiKA]
              description: >-
                Answers a question from the tenant's own catalog and documents only, citing them. Catalog
                questions ("who owns X", "which APIs does X consume") are answered from the catalog's
                relations; others from the best passages, written up by the configured model or quoted.
                With `Accept: text/event-stream` the answer streams as server-sent events, citations first.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/AikaAskRequest'}
              responses:
                '200':
                  description: The answer and its citations.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaAnswer'}
                    text/event-stream:
                      schema: {type: string}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/answers/{answerId}/feedback:
            post:
              operationId: postAikaFeedback
              tags: [AiKA]
              description: Records whether an answer helped; unhelpful answers become knowledge gaps.
              security: [{apiKey: []}]
              parameters:
                - {name: answerId, in: path, required: true, schema: {type: string, format: uuid}}
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/AikaFeedback'}
              responses:
                '204': {description: Recorded.}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/mcp:
            post:
              operationId: aikaMCP
              tags: [AiKA]
              description: >-
                AiKA as an MCP server for the tenant's own agents: the Model Context Protocol's Streamable
                HTTP transport (revisions 2025-06-18, 2025-03-26 and 2024-11-05), JSON-RPC 2.0 messages
                POSTed one at a time or as a batch of at most 20. Methods: initialize, ping, tools/list,
                tools/call, and notifications. Tools: ask (as POST /api/aika/ask, logged and metered),
                search_knowledge, get_entity, who_owns; a tool's failure (bad arguments, unknown entity) is a
                result with `isError: true`, not a JSON-RPC error. Stateless: no `Mcp-Session-Id` is issued or
                needed, and no server-initiated stream is offered (GET answers 405). Needs the scope aika:ask.
              security: [{apiKey: []}]
              parameters:
                - name: MCP-Protocol-Version
                  in: header
                  description: The negotiated revision; one this server does not speak is answered 400.
                  schema: {type: string}
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/AikaMCPRequest'}
              responses:
                '200':
                  description: The JSON-RPC response, or for a batch the array of responses to its requests.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaMCPResponse'}
                '202': {description: The body held only notifications or responses; nothing to answer.}
                '400':
                  description: >-
                    The body is not JSON (-32700), not a JSON-RPC message or batch, an empty or too large batch
                    (-32600), or names an MCP-Protocol-Version this server does not speak: a JSON-RPC error with
                    id null. Bad input caught by the gateway is problem+json.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaJSONRPCResponse'}
                    application/problem+json:
                      schema: {$ref: '#/components/schemas/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/search:
            get:
              operationId: searchAikaKnowledge
              tags: [AiKA]
              description: The passages that best match a text, as an answer would cite them.
              security: [{apiKey: []}]
              parameters:
                - {name: q, in: query, required: true, schema: {type: string, minLength: 1, maxLength: 2000}}
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 50, default: 10}}
              responses:
                '200':
                  description: The passages, best first.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaSearchResults'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/settings:
            get:
              operationId: getAikaSettings
              tags: [AiKA]
              description: The tenant's model endpoints (keys are never returned, only whether one is set) and stale-document age.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The settings.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaSettings'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            put:
              operationId: putAikaSettings
              tags: [AiKA]
              description: >-
                Sets the tenant's own OpenAI-compatible chat and embeddings endpoints (null removes one; a
                field left out keeps its value). API keys are sealed at rest and sent only to their
                endpoint; a stored key is kept only while the endpoint's URL stays the same.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/AikaSettingsUpdate'}
              responses:
                '200':
                  description: The settings as saved.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaSettings'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/gaps:
            get:
              operationId: getAikaGaps
              tags: [AiKA]
              description: >-
                Unanswered and unhelpful questions of the last `days` days, grouped by topic and routed to
                the owner of the closest source in the catalog.
              security: [{apiKey: []}]
              parameters:
                - {name: owner, in: query, description: "Only the gaps routed to this owner (an entity ref).", schema: {type: string}}
                - {$ref: '#/components/parameters/AikaDays'}
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
              responses:
                '200':
                  description: The gaps, most asked first.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaGaps'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/stale-documents:
            get:
              operationId: getAikaStaleDocuments
              tags: [AiKA]
              description: Documents cited in the last 90 days that answers found unhelpful, or that have not changed for `staleAfterDays`.
              security: [{apiKey: []}]
              parameters:
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
              responses:
                '200':
                  description: The documents.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaStaleDocuments'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/reports:
            get:
              operationId: getAikaReports
              tags: [AiKA]
              description: Questions per day, answered and helpful rates, top topics and most cited sources.
              security: [{apiKey: []}]
              parameters:
                - {$ref: '#/components/parameters/AikaDays'}
              responses:
                '200':
                  description: The report.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaUsageReport'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/documents:
            get:
              operationId: listAikaDocuments
              tags: [AiKA]
              description: The documents AiKA answers from (pushed, and fetched from techdocs-ref), by id.
              security: [{apiKey: []}]
              parameters:
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000, default: 100}}
                - {name: after, in: query, description: "The 'next' of the previous page.", schema: {type: string}}
              responses:
                '200':
                  description: A page of documents.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaDocumentList'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/documents/{id}:
            parameters:
              - {name: id, in: path, required: true, schema: {type: string, pattern: '^[A-Za-z0-9._~-]{1,128}$'}}
            put:
              operationId: putAikaDocument
              tags: [AiKA]
              description: >-
                Creates or replaces one markdown document (at most 1 MiB). It is chunked by headings and
                indexed in the same request: the answer says how many passages it has. An unchanged
                document costs no write.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/AikaDocument'}
              responses:
                '200':
                  description: Indexed.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaDocumentWrite'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            get:
              operationId: getAikaDocument
              tags: [AiKA]
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The document.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaDocumentSummary'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            delete:
              operationId: deleteAikaDocument
              tags: [AiKA]
              security: [{apiKey: []}]
              responses:
                '204': {description: Deleted; no answer cites it any more.}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/providers/{provider}/documents:
            put:
              operationId: putAikaProviderDocuments
              tags: [AiKA]
              description: >-
                Replaces a provider's whole set of documents (at most 500 per push): those in the body are
                indexed, the provider's others are deleted, in one transaction.
              security: [{apiKey: []}]
              parameters:
                - {name: provider, in: path, required: true, schema: {type: string, pattern: '^[a-z0-9._-]{1,64}$'}}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [documents]
                      properties:
                        documents:
                          type: array
                          maxItems: 500
                          items: {$ref: '#/components/schemas/AikaDocument'}
              responses:
                '200':
                  description: The set is in place.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AikaProviderSetOutcome'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/aika/techdocs:
            get:
              operationId: listAikaTechdocs
              tags: [AiKA]
              description: >-
                Every catalog entity with a backstage.io/techdocs-ref: its reference, how many pages are
                indexed, and why the last fetch indexed nothing (null when it indexed).
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The entities.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items]
                        properties:
                          items:
                            type: array
                            items:
                              type: object
                              required: [entityRef, reference, pages]
                              properties:
                                entityRef: {type: string}
                                reference: {type: string}
                                problem: {type: [string, 'null']}
                                pages: {type: integer}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
        """#
}
