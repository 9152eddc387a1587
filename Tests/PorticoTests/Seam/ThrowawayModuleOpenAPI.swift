import PorticoGateway

extension ThrowawayModule {
    /// Its one route, as every module documents its own.
    static let openAPI = OpenAPIFragment(owner: id, parts: [#"""
        paths:
          /api/throwaway/widgets:
            post:
              operationId: createThrowawayWidget
              tags: [Throwaway]
              description: Stores a widget and queues its stamping.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        name: {type: string}
                      required: [name]
              responses:
                '201':
                  description: Stored.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          greeting: {type: string}
                        required: [greeting]
                        additionalProperties: false
                default: {$ref: '#/components/responses/Problem'}
        """#])
}
