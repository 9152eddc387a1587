/// The schemas of AiKA's OpenAPI fragment.
enum AikaOpenAPIComponents {
    static let yaml = #"""
        components:
          parameters:
            AikaDays: {name: days, in: query, description: "The last this many days (UTC), today included.", schema: {type: integer, minimum: 1, maximum: 365, default: 30}}
          schemas:
            AikaAskRequest:
              type: object
              required: [question]
              additionalProperties: false
              properties:
                question: {type: string, minLength: 1, maxLength: 2000}
                conversationId: {type: [string, 'null'], format: uuid, description: "Continue a conversation (null or absent: a new one); follow-ups are searched with the previous question's words."}
            AikaCitation:
              type: object
              required: [title, heading, snippet, sourceId, passage, relevance]
              properties:
                title: {type: string}
                url: {type: [string, 'null'], description: "The document's URL, or the entity's page relative to the portal."}
                entityRef: {type: [string, 'null']}
                heading: {type: string, description: "The heading path of the passage, Title > Section > Subsection."}
                snippet: {type: string}
                sourceId: {type: string, description: "document:<id>, entity:<ref> or techdocs:<ref>#<page>."}
                passage: {type: integer}
                relevance: {type: number, minimum: 0, maximum: 1, description: "The share of the question's words, weighted by rarity, the passage holds."}
            AikaAnswer:
              type: object
              required: [answer, answered, citations, conversationId, answerId, mode]
              properties:
                answer: {type: string}
                answered: {type: boolean, description: "True only when the answer is drawn from the citations; false offers the closest sources and records a knowledge gap."}
                citations:
                  type: array
                  items: {$ref: '#/components/schemas/AikaCitation'}
                conversationId: {type: string, format: uuid}
                answerId: {type: string, format: uuid}
                mode: {type: string, enum: [catalog, model, extractive, fallback]}
                modelProblem: {type: [string, 'null'], description: "Why a configured model was not used (error, timeout, rate limit)."}
            AikaFeedback:
              type: object
              required: [helpful]
              properties:
                helpful: {type: boolean}
                comment: {type: [string, 'null'], maxLength: 2000}
            AikaMCPRequest:
              description: >-
                One JSON-RPC 2.0 message (request, notification or response) or a batch of them. A batch
                item that is no message gets its own -32600 error in the answer, as JSON-RPC has it.
              oneOf:
                - {type: object}
                - {type: array, minItems: 1, maxItems: 20, items: {}}
            AikaJSONRPCResponse:
              type: object
              required: [jsonrpc, id]
              properties:
                jsonrpc: {const: '2.0'}
                id: {type: [string, integer, 'null'], description: "The request's id, exactly as sent; null when it could not be read."}
                result: {type: object, description: "The method's result (MCP's InitializeResult, ListToolsResult, CallToolResult, ...)."}
                error:
                  type: object
                  required: [code, message]
                  properties:
                    code: {type: integer, description: "-32700 parse error, -32600 invalid request, -32601 method not found, -32602 invalid params."}
                    message: {type: string}
            AikaMCPResponse:
              oneOf:
                - {$ref: '#/components/schemas/AikaJSONRPCResponse'}
                - {type: array, items: {$ref: '#/components/schemas/AikaJSONRPCResponse'}}
            AikaSearchResults:
              type: object
              required: [items]
              properties:
                items:
                  type: array
                  items: {$ref: '#/components/schemas/AikaCitation'}
            AikaEndpoint:
              type: object
              required: [baseUrl, model, apiKeySet]
              properties:
                baseUrl: {type: string}
                model: {type: string}
                apiKeySet: {type: boolean}
            AikaSettings:
              type: object
              required: [staleAfterDays]
              properties:
                chat:
                  oneOf: [{$ref: '#/components/schemas/AikaEndpoint'}, {type: 'null'}]
                embeddings:
                  oneOf: [{$ref: '#/components/schemas/AikaEndpoint'}, {type: 'null'}]
                staleAfterDays: {type: integer}
            AikaEndpointUpdate:
              type: object
              required: [baseUrl, model]
              additionalProperties: false
              properties:
                baseUrl: {type: string, maxLength: 2048}
                model: {type: string, minLength: 1, maxLength: 200}
                apiKey: {type: [string, 'null'], maxLength: 4096, writeOnly: true}
            AikaSettingsUpdate:
              type: object
              additionalProperties: false
              properties:
                chat:
                  oneOf: [{$ref: '#/components/schemas/AikaEndpointUpdate'}, {type: 'null'}]
                embeddings:
                  oneOf: [{$ref: '#/components/schemas/AikaEndpointUpdate'}, {type: 'null'}]
                staleAfterDays: {type: integer, minimum: 1, maximum: 3650}
            AikaGaps:
              type: object
              required: [since, items]
              properties:
                since: {type: string, format: date-time}
                items:
                  type: array
                  items:
                    type: object
                    required: [topic, questions, unanswered, unhelpful, lastAskedAt, examples]
                    properties:
                      topic: {type: string}
                      owner: {type: [string, 'null']}
                      questions: {type: integer}
                      unanswered: {type: integer}
                      unhelpful: {type: integer}
                      lastAskedAt: {type: string, format: date-time}
                      examples: {type: array, items: {type: string}}
            AikaStaleDocuments:
              type: object
              required: [staleAfterDays, items]
              properties:
                staleAfterDays: {type: integer}
                items:
                  type: array
                  items:
                    type: object
                    required: [sourceId, title, updatedAt, citations, unhelpfulCitations, lastCitedAt, reasons]
                    properties:
                      sourceId: {type: string}
                      title: {type: string}
                      url: {type: [string, 'null']}
                      entityRef: {type: [string, 'null']}
                      owner: {type: [string, 'null']}
                      updatedAt: {type: string, format: date-time}
                      citations: {type: integer}
                      unhelpfulCitations: {type: integer}
                      lastCitedAt: {type: string, format: date-time}
                      reasons: {type: array, items: {type: string, enum: [cited_by_unhelpful_answers, not_updated]}}
            AikaUsageReport:
              type: object
              required: [from, to, days, questions, topQuestions, topCitedSources]
              properties:
                from: {type: string, format: date}
                to: {type: string, format: date}
                days:
                  type: array
                  items:
                    type: object
                    required: [day, questions, answered, helpful, unhelpful]
                    properties:
                      day: {type: string, format: date}
                      questions: {type: integer}
                      answered: {type: integer}
                      helpful: {type: integer}
                      unhelpful: {type: integer}
                questions: {type: integer}
                answeredRate: {type: [number, 'null']}
                helpfulRate: {type: [number, 'null']}
                topQuestions:
                  type: array
                  items:
                    type: object
                    required: [topic, questions, example]
                    properties:
                      topic: {type: string}
                      questions: {type: integer}
                      example: {type: string}
                topCitedSources:
                  type: array
                  items:
                    type: object
                    required: [sourceId, title, citations]
                    properties:
                      sourceId: {type: string}
                      title: {type: string}
                      citations: {type: integer}
            AikaDocument:
              type: object
              required: [title, body]
              additionalProperties: false
              properties:
                id: {type: string, description: "Required in a provider's set; in a single PUT it may be left out or must match the path."}
                title: {type: string, minLength: 1, maxLength: 300}
                url: {type: [string, 'null'], maxLength: 2048}
                entityRef: {type: [string, 'null'], description: "The catalog entity the document is about; its owner receives the document's knowledge gaps."}
                body: {type: string, description: "Markdown, at most 1 MiB."}
            AikaDocumentWrite:
              type: object
              required: [id, passages, changed]
              properties:
                id: {type: string}
                passages: {type: integer}
                changed: {type: boolean}
            AikaProviderSetOutcome:
              type: object
              required: [provider, documents, passages, changed, deleted]
              properties:
                provider: {type: string}
                documents: {type: integer}
                passages: {type: integer}
                changed: {type: integer}
                deleted: {type: integer}
            AikaDocumentSummary:
              type: object
              required: [id, title, origin, passages, updatedAt]
              properties:
                id: {type: string}
                title: {type: string}
                url: {type: [string, 'null']}
                entityRef: {type: [string, 'null']}
                owner: {type: [string, 'null']}
                provider: {type: [string, 'null']}
                origin: {type: string, enum: [pushed, techdocs]}
                passages: {type: integer}
                updatedAt: {type: string, format: date-time}
            AikaDocumentList:
              type: object
              required: [items]
              properties:
                items:
                  type: array
                  items: {$ref: '#/components/schemas/AikaDocumentSummary'}
                next: {type: [string, 'null']}
        """#
}
