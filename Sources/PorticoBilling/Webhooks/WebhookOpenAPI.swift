/// The paths and schemas of billing's webhooks in OpenAPI 3.1.
enum WebhookOpenAPI {
    static let paths = #"""
        paths:
          /v1/billing/webhooks:
            post:
              operationId: createBillingWebhook
              tags: [Billing]
              description: >-
                Adds an endpoint that billing's events of the given types are delivered to, signed per
                Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The answer holds
                the signing secret, shown this once. The URL must be absolute http(s), without credentials,
                and not a literal internal address or localhost; every delivery is checked again by the
                outbound address guard. A tenant may have 20 endpoints.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/BillingWebhookCreate'}
              responses:
                '201':
                  description: The endpoint, with its secret.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/BillingWebhookCreated'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            get:
              operationId: listBillingWebhooks
              tags: [Billing]
              description: The tenant's webhook endpoints, oldest first, without their secrets.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The endpoints.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/BillingWebhookList'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/billing/webhooks/{id}:
            delete:
              operationId: deleteBillingWebhook
              tags: [Billing]
              description: Deletes the endpoint and its delivery log; nothing more is delivered to it.
              security: [{apiKey: []}]
              parameters:
                - $ref: '#/components/parameters/BillingWebhookId'
              responses:
                '204': {description: Deleted.}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/billing/webhooks/{id}/rotate-secret:
            post:
              operationId: rotateBillingWebhookSecret
              tags: [Billing]
              description: >-
                Gives the endpoint a new secret, shown this once. For 24 hours the previous secret keeps
                signing beside it (two signatures in `webhook-signature`), so the receiver can switch over.
              security: [{apiKey: []}]
              parameters:
                - $ref: '#/components/parameters/BillingWebhookId'
              responses:
                '200':
                  description: The new secret.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/BillingWebhookSecret'}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/billing/webhooks/{id}/deliveries:
            get:
              operationId: listBillingWebhookDeliveries
              tags: [Billing]
              description: >-
                The endpoint's delivery log, newest first: each event sent to it (and each replay), with its
                status, attempts so far, the last answer or error, and when it is tried next. Failed attempts
                are retried after 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h, for 3 days.
              security: [{apiKey: []}]
              parameters:
                - $ref: '#/components/parameters/BillingWebhookId'
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
              responses:
                '200':
                  description: The deliveries.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/BillingWebhookDeliveryList'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/billing/webhooks/{id}/replay:
            post:
              operationId: replayBillingWebhook
              tags: [Billing]
              description: >-
                Sends events again to this endpoint, as new deliveries with the same `webhook-id`: one event
                by id, or every event from `from` up to `to` (at most 1,000) of the types the endpoint
                subscribes to.
              security: [{apiKey: []}]
              parameters:
                - $ref: '#/components/parameters/BillingWebhookId'
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/BillingWebhookReplay'}
              responses:
                '202':
                  description: The deliveries are queued.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [replayed]
                        additionalProperties: false
                        properties:
                          replayed: {type: integer, minimum: 0}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
        """#

    static let components = #"""
        components:
          parameters:
            BillingWebhookId: {name: id, in: path, required: true, schema: {type: string, format: uuid}}
          schemas:
            BillingWebhookEventType:
              type: string
              enum: [invoice.created, invoice.finalized, invoice.paid, invoice.voided, invoice.uncollectible, credit_note.created,
                     subscription.updated, usage.threshold_reached, tenant.suspended, tenant.resumed]
            BillingWebhookCreate:
              type: object
              required: [url, events]
              additionalProperties: false
              properties:
                url: {type: string, format: uri, maxLength: 2000}
                events:
                  type: array
                  minItems: 1
                  items: {$ref: '#/components/schemas/BillingWebhookEventType'}
            BillingWebhook:
              type: object
              required: [id, url, events, createdAt, updatedAt]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                url: {type: string}
                events:
                  type: array
                  items: {$ref: '#/components/schemas/BillingWebhookEventType'}
                createdAt: {type: string, format: date-time}
                updatedAt: {type: string, format: date-time}
            BillingWebhookCreated:
              type: object
              required: [id, url, events, secret, createdAt]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                url: {type: string}
                events:
                  type: array
                  items: {$ref: '#/components/schemas/BillingWebhookEventType'}
                secret: {type: string, pattern: '^whsec_', description: "The signing secret: whsec_ and the base64 of the HMAC-SHA256 key. Shown only here."}
                createdAt: {type: string, format: date-time}
            BillingWebhookList:
              type: object
              required: [items]
              additionalProperties: false
              properties:
                items:
                  type: array
                  items: {$ref: '#/components/schemas/BillingWebhook'}
            BillingWebhookSecret:
              type: object
              required: [secret, previousSecretExpiresAt]
              additionalProperties: false
              properties:
                secret: {type: string, pattern: '^whsec_'}
                previousSecretExpiresAt: {type: string, format: date-time, description: "Until then the previous secret signs too."}
            BillingWebhookDelivery:
              type: object
              required: [id, eventId, eventType, status, attempts, lastStatusCode, lastError, nextAttemptAt, deliveredAt, createdAt]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                eventId: {type: string, description: "The event's id, sent as webhook-id on every attempt and replay."}
                eventType: {type: string}
                status: {type: string, enum: [pending, succeeded, failed]}
                attempts: {type: integer, minimum: 0}
                lastStatusCode: {type: [integer, 'null']}
                lastError: {type: [string, 'null']}
                nextAttemptAt: {type: [string, 'null'], format: date-time}
                deliveredAt: {type: [string, 'null'], format: date-time}
                createdAt: {type: string, format: date-time}
            BillingWebhookDeliveryList:
              type: object
              required: [items]
              additionalProperties: false
              properties:
                items:
                  type: array
                  items: {$ref: '#/components/schemas/BillingWebhookDelivery'}
            BillingWebhookReplay:
              description: One event by id, or the events of a time range.
              oneOf:
                - type: object
                  required: [eventId]
                  additionalProperties: false
                  properties:
                    eventId: {type: string}
                - type: object
                  required: [from, to]
                  additionalProperties: false
                  properties:
                    from: {type: string, format: date-time}
                    to: {type: string, format: date-time}
        """#
}
