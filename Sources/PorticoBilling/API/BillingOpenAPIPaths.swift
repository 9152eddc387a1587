/// The paths of billing's OpenAPI fragment (the webhooks' are in `WebhookOpenAPI`).
enum BillingOpenAPIPaths {
    static let yaml = #"""
        paths:
          /v1/billing/subscription:
            get:
              operationId: getBillingSubscription
              tags: [Billing]
              description: The tenant's subscription, its plan version and its open period. Needs billing:read.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The subscription.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingSubscription'}}}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            post:
              operationId: changeBillingSubscription
              tags: [Billing]
              description: >-
                Changes the plan (an upgrade takes effect at once, base fees prorated to the second on the
                next invoice; a downgrade at the period's end; during a trial any change is at once) or
                cancels (at the period's end, or now: the period's invoice is made at once). Needs billing:admin.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/BillingSubscriptionChange'}}}
              responses:
                '200':
                  description: The subscription after the change.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingSubscription'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/billing/usage:
            get:
              operationId: getBillingUsage
              tags: [Billing]
              description: The open period's usage so far per meter and the upcoming invoice, live. Needs billing:read.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: Usage and the upcoming invoice.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingUsage'}}}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/billing/invoices:
            get:
              operationId: listBillingInvoices
              tags: [Billing]
              description: The tenant's invoices, newest period first. Needs billing:read.
              security: [{apiKey: []}]
              parameters:
                - {name: status, in: query, schema: {$ref: '#/components/schemas/BillingInvoiceStatus'}}
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
              responses:
                '200':
                  description: The invoices.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingInvoiceList'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/billing/invoices/{invoiceId}:
            get:
              operationId: getBillingInvoice
              tags: [Billing]
              description: 'One invoice, as JSON, or as a printable page with `Accept: text/html`. Needs billing:read.'
              security: [{apiKey: []}]
              parameters:
                - {name: invoiceId, in: path, required: true, schema: {type: string, format: uuid}}
              responses:
                '200':
                  description: The invoice.
                  content:
                    application/json: {schema: {$ref: '#/components/schemas/BillingInvoice'}}
                    text/html: {schema: {type: string}}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /v1/billing/profile:
            get:
              operationId: getBillingProfile
              tags: [Billing]
              description: Who the tenant's invoices are addressed to, its tax rate and whether an operator approved it.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The profile.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingProfile'}}}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            put:
              operationId: putBillingProfile
              tags: [Billing]
              description: >-
                Writes the tenant's billing details. A trial ends on the paid plan only once an operator has
                approved them; changing the legal name or tax id withdraws an approval. Needs billing:admin.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/BillingProfileWrite'}}}
              responses:
                '200':
                  description: The profile as stored.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingProfile'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/runs:
            post:
              operationId: runBilling
              tags: [Billing admin]
              description: Closes what is due (periods, trials, drafts, dunning); with dryRun, reports it and changes nothing.
              security: [{operatorToken: []}]
              requestBody:
                content: {application/json: {schema: {$ref: '#/components/schemas/BillingRunRequest'}}}
              responses:
                '200':
                  description: What the run did.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingRunReport'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/invoices:
            get:
              operationId: adminListBillingInvoices
              tags: [Billing admin]
              description: Invoices of every tenant, or of one.
              security: [{operatorToken: []}]
              parameters:
                - {name: tenant, in: query, schema: {type: string, format: uuid}}
                - {name: status, in: query, schema: {$ref: '#/components/schemas/BillingInvoiceStatus'}}
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000, default: 100}}
              responses:
                '200':
                  description: The invoices.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingInvoiceList'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/invoices/{invoiceId}:
            get:
              operationId: adminGetBillingInvoice
              tags: [Billing admin]
              security: [{operatorToken: []}]
              parameters:
                - {name: invoiceId, in: path, required: true, schema: {type: string, format: uuid}}
              responses:
                '200':
                  description: The invoice.
                  content:
                    application/json: {schema: {$ref: '#/components/schemas/BillingInvoice'}}
                    text/html: {schema: {type: string}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/invoices/{invoiceId}/mark-paid:
            post:
              operationId: markBillingInvoicePaid
              tags: [Billing admin]
              description: Marks an open (or uncollectible) invoice paid; ends past_due and a billing suspension once nothing is overdue.
              security: [{operatorToken: []}]
              parameters:
                - {name: invoiceId, in: path, required: true, schema: {type: string, format: uuid}}
              responses:
                '200':
                  description: The invoice.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingInvoice'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/invoices/{invoiceId}/void:
            post:
              operationId: voidBillingInvoice
              tags: [Billing admin]
              security: [{operatorToken: []}]
              parameters:
                - {name: invoiceId, in: path, required: true, schema: {type: string, format: uuid}}
              responses:
                '200':
                  description: The invoice.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingInvoice'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/invoices/{invoiceId}/mark-uncollectible:
            post:
              operationId: markBillingInvoiceUncollectible
              tags: [Billing admin]
              security: [{operatorToken: []}]
              parameters:
                - {name: invoiceId, in: path, required: true, schema: {type: string, format: uuid}}
              responses:
                '200':
                  description: The invoice.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingInvoice'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/invoices/{invoiceId}/credit-notes:
            post:
              operationId: createBillingCreditNote
              tags: [Billing admin]
              description: Credits part or all of a paid invoice.
              security: [{operatorToken: []}]
              parameters:
                - {name: invoiceId, in: path, required: true, schema: {type: string, format: uuid}}
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/BillingCreditNoteRequest'}}}
              responses:
                '201':
                  description: The credit note.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingCreditNote'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/plans:
            get:
              operationId: listBillingPlanVersions
              tags: [Billing admin]
              description: Every version of every plan's prices, newest first per plan.
              security: [{operatorToken: []}]
              responses:
                '200':
                  description: The price book.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingPlanVersionList'}}}
                '401': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/plans/{plan}:
            get:
              operationId: getBillingPlanVersions
              tags: [Billing admin]
              security: [{operatorToken: []}]
              parameters:
                - {name: plan, in: path, required: true, schema: {type: string}}
              responses:
                '200':
                  description: The plan's versions, newest first.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingPlanVersionList'}}}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/plans/{plan}/versions:
            post:
              operationId: publishBillingPlanVersion
              tags: [Billing admin]
              description: Publishes the plan's next price version; subscriptions stay on theirs until migrated.
              security: [{operatorToken: []}]
              parameters:
                - {name: plan, in: path, required: true, schema: {type: string}}
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/BillingPlanVersionRequest'}}}
              responses:
                '201':
                  description: The published version.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingPlanPrice'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/plans/{plan}/migrate:
            post:
              operationId: migrateBillingPlan
              tags: [Billing admin]
              description: Moves the plan's subscriptions to a version (the newest by default); with dryRun, only lists them.
              security: [{operatorToken: []}]
              parameters:
                - {name: plan, in: path, required: true, schema: {type: string}}
              requestBody:
                content: {application/json: {schema: {$ref: '#/components/schemas/BillingPlanMigrationRequest'}}}
              responses:
                '200':
                  description: The subscriptions moved (or that would be).
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingPlanMigrationReport'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/tenants/{tenant}/clock:
            put:
              operationId: setBillingTestClock
              tags: [Billing admin]
              description: >-
                Puts the tenant on a test clock at `time`, or moves its clock forward there, then bills what fell
                due by then (its usage, periods, trials and dunning follow the clock).
              security: [{operatorToken: []}]
              parameters:
                - {name: tenant, in: path, required: true, schema: {type: string, format: uuid}}
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/BillingClockRequest'}}}
              responses:
                '200':
                  description: What billing did on the way.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingRunReport'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            delete:
              operationId: removeBillingTestClock
              tags: [Billing admin]
              description: Takes the tenant off its test clock, back to the wall clock.
              security: [{operatorToken: []}]
              parameters:
                - {name: tenant, in: path, required: true, schema: {type: string, format: uuid}}
              responses:
                '204': {description: Off its clock.}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /admin/v1/billing/tenants/{tenant}/profile/approve:
            post:
              operationId: approveBillingProfile
              tags: [Billing admin]
              description: Approves the tenant's billing profile with the tax rate its invoices carry.
              security: [{operatorToken: []}]
              parameters:
                - {name: tenant, in: path, required: true, schema: {type: string, format: uuid}}
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/BillingProfileApproval'}}}
              responses:
                '200':
                  description: The approved profile.
                  content: {application/json: {schema: {$ref: '#/components/schemas/BillingProfile'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
        """#
}
