/// The `/admin/v1` paths of the provisioning module's OpenAPI fragment.
enum AdminOpenAPIPaths {
    static let yaml = #"""
        paths:
          /admin/v1/audit:
            get:
              operationId: listAudit
              tags: [Admin]
              description: The audit log, newest first.
              security: [{operatorToken: []}]
              parameters:
                - $ref: '#/components/parameters/pageLimit'
                - {name: before, in: query, description: "A `nextCursor` of an earlier page.", schema: {type: string}}
                - {name: target, in: query, description: "A target as recorded, or a tenant's slug.", schema: {type: string, maxLength: 200}}
              responses:
                '200':
                  description: A page of entries.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AuditPage'}
                '400': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/tenants:
            get:
              operationId: listTenants
              tags: [Admin]
              description: Tenants, filtered and paged.
              security: [{operatorToken: []}]
              parameters:
                - {name: status, in: query, schema: {$ref: '#/components/schemas/TenantStatus'}}
                - {name: plan, in: query, schema: {type: string, enum: [free, team, enterprise]}}
                - {name: slugPrefix, in: query, schema: {type: string, maxLength: 40}}
                - $ref: '#/components/parameters/pageLimit'
                - $ref: '#/components/parameters/pageCursor'
              responses:
                '200':
                  description: A page of tenants.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/TenantPage'}
                '400': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            post:
              operationId: createTenant
              tags: [Admin]
              description: Creates a tenant on any plan.
              security: [{operatorToken: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/SignupRequest'}
              responses:
                '202':
                  description: Accepted; the tenant is being provisioned.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignupResult'}
                '400': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/tenants/{tenant}:
            parameters:
              - $ref: '#/components/parameters/tenantReference'
            get:
              operationId: getTenantDetail
              tags: [Admin]
              description: One tenant, with what its plan (and any override) gives it.
              security: [{operatorToken: []}]
              responses:
                '200':
                  description: The tenant.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/TenantDetail'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            delete:
              operationId: deleteTenant
              tags: [Admin]
              description: Starts deleting a tenant (its data goes in a background job).
              security: [{operatorToken: []}]
              responses:
                '202':
                  description: The tenant, now `deleting`.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Tenant'}
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/tenants/{tenant}/suspend:
            parameters:
              - $ref: '#/components/parameters/tenantReference'
            post:
              operationId: suspendTenant
              tags: [Admin]
              description: Suspends an active tenant; its keys get 403 until it is resumed.
              security: [{operatorToken: []}]
              requestBody:
                required: false
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        reason: {type: [string, 'null'], maxLength: 500}
              responses:
                '200':
                  description: The tenant, now `suspended`.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Tenant'}
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/tenants/{tenant}/resume:
            parameters:
              - $ref: '#/components/parameters/tenantReference'
            post:
              operationId: resumeTenant
              tags: [Admin]
              description: Resumes a suspended tenant.
              security: [{operatorToken: []}]
              responses:
                '200':
                  description: The tenant, now `active`.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Tenant'}
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/tenants/{tenant}/plan:
            parameters:
              - $ref: '#/components/parameters/tenantReference'
            put:
              operationId: setTenantPlan
              tags: [Admin]
              description: Moves a tenant to a plan, optionally with its own rate limit.
              security: [{operatorToken: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        plan: {type: string, enum: [free, team, enterprise]}
                        rateLimitPerSecond: {type: [integer, 'null']}
                      required: [plan]
                      additionalProperties: false
              responses:
                '200':
                  description: The tenant on its new plan.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Tenant'}
                '400': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/tenants/{tenant}/keys:
            parameters:
              - $ref: '#/components/parameters/tenantReference'
            get:
              operationId: listTenantKeys
              tags: [Admin]
              description: A tenant's API keys.
              security: [{operatorToken: []}]
              responses:
                '200':
                  description: The keys.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/KeyList'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            post:
              operationId: issueTenantKey
              tags: [Admin]
              description: Issues a key for a tenant; its secret is shown only in this answer.
              security: [{operatorToken: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/APIKeyRequest'}
              responses:
                '201':
                  description: The key, with its secret.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/IssuedAPIKey'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/tenants/{tenant}/keys/{id}:
            parameters:
              - $ref: '#/components/parameters/tenantReference'
              - {name: id, in: path, required: true, schema: {type: string}}
            delete:
              operationId: revokeTenantKey
              tags: [Admin]
              description: Revokes a tenant's key.
              security: [{operatorToken: []}]
              responses:
                '200':
                  description: The key, revoked.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/APIKey'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/jobs:
            get:
              operationId: listJobs
              tags: [Admin]
              description: Background jobs, newest first.
              security: [{operatorToken: []}]
              parameters:
                - {name: state, in: query, schema: {type: string, enum: [pending, running, succeeded, dead]}}
                - $ref: '#/components/parameters/pageLimit'
                - $ref: '#/components/parameters/pageCursor'
              responses:
                '200':
                  description: A page of jobs.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/JobPage'}
                '400': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/jobs/{id}/retry:
            post:
              operationId: retryJob
              tags: [Admin]
              description: Queues a dead job again.
              security: [{operatorToken: []}]
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                '202':
                  description: Queued again.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          id: {type: integer}
                        required: [id]
                        additionalProperties: false
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}

        """#
}
