/// The schemas of AiKA's OpenAPI fragment.
enum AikaOpenAPIComponents {
    static let yaml = #"""
        components:
          schemas:
            AikaAskRequest:
              type: object
              required: [question]
              additionalProperties: false
              properties:
                question: {type: string, minLength: 1, maxLength: 2000}
                conversationId: {type: string, format: uuid, description: "Continue a conversation: follow-ups are searched with the previous question's words."}
            AikaCitation:
              type: object
              required: [title, heading, snippet, sourceId, passage]
              properties:
                title: {type: string}
                url: {type: [string, 'null'], description: "The document's URL, or the entity's page relative to the portal."}
                entityRef: {type: [string, 'null']}
                heading: {type: string, description: "The heading path of the passage, Title > Section > Subsection."}
                snippet: {type: string}
                sourceId: {type: string, description: "document:<id>, entity:<ref> or techdocs:<ref>#<page>."}
                passage: {type: integer}
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
              description: One JSON-RPC 2.0 message (request, notification or response) or a batch of them.
              oneOf:
                - {type: object}
                - {type: array, minItems: 1, maxItems: 20, items: {type: object}}
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
        """#
}
