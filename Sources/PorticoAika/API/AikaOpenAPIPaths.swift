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
