/// The `/v1` paths of the provisioning module's OpenAPI fragment.
enum TenantOpenAPIPaths {
    static let yaml = #"""
        paths:
          /v1/signups:
            post:
              operationId: signUp
              tags: [Signups]
              description: >-
                Signs an organization up on a self-serve plan; the answer holds its first API key (shown
                only here). Rate-limited per client address.
              security: []
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/SignupRequest'}
              responses:
                '202':
                  description: Accepted; the tenant is being provisioned.
                  headers:
                    Location: {description: "Where to watch provisioning.", schema: {type: string}}
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignupResult'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/signups/{id}:
            get:
              operationId: getSignup
              tags: [Signups]
              description: A signup's provisioning state.
              security: []
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                '200':
                  description: The state.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignupStatus'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/tenant:
            get:
              operationId: getTenant
              tags: [Tenant]
              description: The tenant behind the key, with its plan, entitlements and limits.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The tenant.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/TenantView'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/keys:
            get:
              operationId: listKeys
              tags: [Keys]
              description: The tenant's API keys (never their secrets). Scope `tenant:admin`.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The keys.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/KeyList'}
                default: {$ref: '#/components/responses/Problem'}
            post:
              operationId: issueKey
              tags: [Keys]
              description: Issues a key; its secret is shown only in this answer. Scope `tenant:admin`.
              security: [{apiKey: []}]
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
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/keys/{id}:
            delete:
              operationId: revokeKey
              tags: [Keys]
              description: Revokes a key of the tenant's; it stops working on every replica within seconds.
              security: [{apiKey: []}]
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                '204': {description: "Revoked."}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}

        """#
}
