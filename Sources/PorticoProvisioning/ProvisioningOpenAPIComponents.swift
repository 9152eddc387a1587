/// The `components:` of the provisioning module's OpenAPI fragment.
enum ProvisioningOpenAPIComponents {
    static let yaml = #"""
        components:
          parameters:
            pageLimit: {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
            pageCursor: {name: cursor, in: query, description: "A `nextCursor` of an earlier page.", schema: {type: string}}
            tenantReference:
              name: tenant
              in: path
              required: true
              description: The tenant's id or slug.
              schema: {type: string}
          schemas:
            TenantStatus:
              type: string
              enum: [provisioning, failed, active, suspended, deleting, deleted]
            Scope:
              type: string
              enum: ['catalog:read', 'catalog:write', 'insights:read', 'insights:write', 'aika:ask', 'aika:admin', 'billing:read', 'billing:admin', 'signals:read', 'signals:write', 'tenant:admin']
            PlanLimits:
              type: object
              description: >-
                The plan's request rate and every module's limits by name (the catalog's `maxEntities`
                and `maxLocations`, provisioning's `maxAPIKeys`, Insights' `maxInsightsEventsPerDay`, ...).
              properties:
                requestsPerSecond: {type: integer}
                burst: {type: integer}
                maxEntities: {type: integer}
                maxLocations: {type: integer}
                maxAPIKeys: {type: integer}
                maxInsightsEventsPerDay: {type: integer}
              required: [requestsPerSecond, burst, maxEntities, maxLocations, maxAPIKeys]
              additionalProperties: {type: integer}
            SignupRequest:
              type: object
              properties:
                organization: {type: string, maxLength: 200}
                slug:
                  type: string
                  pattern: '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'
                  description: 3-40 lowercase letters, digits and inner hyphens; not a name Portico keeps (admin, api, …).
                adminEmail: {type: string, format: email}
                plan: {type: [string, 'null'], enum: [free, team, enterprise, null], description: "At sign-up only a self-serve plan (`free`)."}
              required: [organization, slug, adminEmail]
              additionalProperties: false
            SignupResult:
              type: object
              properties:
                tenant:
                  type: object
                  properties:
                    id: {type: string}
                    slug: {type: string}
                    status: {$ref: '#/components/schemas/TenantStatus'}
                  required: [id, slug, status]
                  additionalProperties: false
                apiKey: {type: string, description: "The first API key; shown only here."}
                statusUrl: {type: string}
              required: [tenant, apiKey, statusUrl]
              additionalProperties: false
            SignupStatus:
              type: object
              properties:
                id: {type: string}
                slug: {type: string}
                status: {$ref: '#/components/schemas/TenantStatus'}
                reason: {type: string, description: "Why provisioning failed."}
                createdAt: {type: string, format: date-time}
                activatedAt: {type: string, format: date-time}
              required: [id, slug, status, createdAt]
              additionalProperties: false
            TenantView:
              type: object
              properties:
                id: {type: string}
                slug: {type: string}
                name: {type: string}
                status: {$ref: '#/components/schemas/TenantStatus'}
                plan: {type: string}
                entitlements: {type: array, items: {type: string}}
                limits: {$ref: '#/components/schemas/PlanLimits'}
                createdAt: {type: string, format: date-time}
                activatedAt: {type: string, format: date-time}
              required: [id, slug, name, status, plan, entitlements, limits, createdAt]
              additionalProperties: false
            Tenant:
              type: object
              properties:
                id: {type: string}
                slug: {type: string}
                name: {type: string}
                adminEmail: {type: string}
                plan: {type: string}
                rateLimitOverride: {type: integer}
                status: {$ref: '#/components/schemas/TenantStatus'}
                statusReason: {type: string}
                createdAt: {type: string, format: date-time}
                activatedAt: {type: string, format: date-time}
                deletedAt: {type: string, format: date-time}
              required: [id, slug, name, adminEmail, plan, status, createdAt]
            TenantDetail:
              allOf:
                - {$ref: '#/components/schemas/Tenant'}
                - type: object
                  properties:
                    entitlements: {type: array, items: {type: string}}
                    limits: {$ref: '#/components/schemas/PlanLimits'}
                  required: [entitlements, limits]
            TenantPage:
              type: object
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/Tenant'}}
                nextCursor: {type: string}
              required: [items]
              additionalProperties: false
            APIKeyRequest:
              type: object
              properties:
                name: {type: string, maxLength: 100}
                scopes: {type: array, minItems: 1, items: {$ref: '#/components/schemas/Scope'}}
                expiresAt: {type: [string, 'null'], format: date-time}
              required: [name, scopes]
              additionalProperties: false
            APIKey:
              type: object
              properties:
                id: {type: string}
                tenantId: {type: string}
                name: {type: string}
                prefix: {type: string}
                scopes: {type: array, items: {$ref: '#/components/schemas/Scope'}}
                expiresAt: {type: string, format: date-time}
                revokedAt: {type: string, format: date-time}
                lastUsedAt: {type: string, format: date-time}
                createdAt: {type: string, format: date-time}
              required: [id, tenantId, name, prefix, scopes, createdAt]
              additionalProperties: false
            IssuedAPIKey:
              type: object
              description: A new key, with its secret (shown only here).
              properties:
                id: {type: string}
                name: {type: string}
                prefix: {type: string}
                scopes: {type: array, items: {$ref: '#/components/schemas/Scope'}}
                expiresAt: {type: string, format: date-time}
                createdAt: {type: string, format: date-time}
                secret: {type: string}
              required: [id, name, prefix, scopes, createdAt, secret]
              additionalProperties: false
            KeyList:
              type: object
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/APIKey'}}
              required: [items]
              additionalProperties: false
            AuditEntry:
              type: object
              properties:
                id: {type: integer}
                operatorName: {type: string}
                action: {type: string}
                target: {type: string}
                targetSlug: {type: string}
                detail: {type: string, description: "The action's details as JSON text."}
                at: {type: string, format: date-time}
              required: [id, operatorName, action, target, detail, at]
              additionalProperties: false
            AuditPage:
              type: object
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/AuditEntry'}}
                nextCursor: {type: string}
              required: [items]
              additionalProperties: false
            JobRecord:
              type: object
              properties:
                id: {type: integer}
                kind: {type: string}
                state: {type: string, enum: [pending, running, succeeded, dead]}
                attempts: {type: integer}
                maxAttempts: {type: integer}
                runAt: {type: string, format: date-time}
                lastError: {type: string}
                uniqueKey: {type: string}
                createdAt: {type: string, format: date-time}
                finishedAt: {type: string, format: date-time}
              required: [id, kind, state, attempts, maxAttempts, runAt, createdAt]
              additionalProperties: false
            JobPage:
              type: object
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/JobRecord'}}
                nextCursor: {type: string}
              required: [items]
              additionalProperties: false
        """#
}
