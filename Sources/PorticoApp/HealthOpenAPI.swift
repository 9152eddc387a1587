import PorticoGateway

extension HealthController {
    static let openAPI = OpenAPIFragment(owner: "health", parts: [#"""
        paths:
          /health/live:
            get:
              operationId: getLiveness
              tags: [Operations]
              description: The process answers.
              security: []
              responses:
                '200':
                  description: Alive.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          status: {const: ok}
                        required: [status]
                        additionalProperties: false
          /health/ready:
            get:
              operationId: getReadiness
              tags: [Operations]
              description: The database is reachable and the control schema migrated.
              security: []
              responses:
                '200':
                  description: Ready.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Readiness'}
                '503':
                  description: Not ready; the fields say why.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Readiness'}
          /metrics:
            get:
              operationId: getMetrics
              tags: [Operations]
              description: Prometheus metrics in the text exposition format.
              security: []
              responses:
                '200':
                  description: The metrics.
                  content:
                    text/plain:
                      schema: {type: string}
        components:
          schemas:
            Readiness:
              type: object
              properties:
                status: {type: string, enum: [ok, unavailable]}
                database: {type: string, enum: [ok, unreachable]}
                migrations: {type: string, enum: [current, pending, unknown]}
              required: [status, database, migrations]
              additionalProperties: false
        """#])
}
