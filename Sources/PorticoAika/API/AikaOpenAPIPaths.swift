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
        """#
}
