/// The schemas of billing's OpenAPI fragment. Amounts are integers in the currency's minor units.
enum BillingOpenAPIComponents {
    static let yaml = #"""
        components:
          schemas:
            BillingPeriod:
              type: object
              required: [start, end]
              properties:
                start: {type: string, format: date-time}
                end: {type: string, format: date-time}
            BillingSubscription:
              type: object
              required: [tenantId, plan, planVersion, status, currentPeriod, cancelAtPeriodEnd]
              properties:
                tenantId: {type: string, format: uuid}
                plan: {type: string}
                planVersion: {type: integer}
                status: {type: string, enum: [trialing, active, past_due, canceled]}
                currentPeriod: {$ref: '#/components/schemas/BillingPeriod'}
                trialEndsAt: {type: string, format: date-time}
                cancelAtPeriodEnd: {type: boolean}
                scheduledChange:
                  type: object
                  required: [plan, planVersion, at]
                  properties:
                    plan: {type: string}
                    planVersion: {type: integer}
                    at: {type: string, format: date-time}
                canceledAt: {type: string, format: date-time}
                pastDueSince: {type: string, format: date-time}
            BillingSubscriptionChange:
              type: object
              additionalProperties: false
              description: Either `plan` or `cancel`.
              properties:
                plan: {type: [string, 'null'], enum: [free, team, enterprise, null]}
                cancel: {type: [string, 'null'], enum: [at_period_end, now, none, null]}
            BillingInvoiceLine:
              type: object
              required: [description, quantity, unitAmount, amount]
              properties:
                description: {type: string}
                meter: {type: string}
                quantity: {type: integer}
                unitAmount: {type: integer}
                amount: {type: integer}
                kind: {type: string}
                periodStart: {type: string, format: date-time}
                periodEnd: {type: string, format: date-time}
            BillingUsage:
              type: object
              required: [period, asOf, plan, planVersion, status, meters, upcomingInvoice]
              properties:
                period: {$ref: '#/components/schemas/BillingPeriod'}
                asOf: {type: string, format: date-time}
                plan: {type: string}
                planVersion: {type: integer}
                status: {type: string, enum: [trialing, active, past_due, canceled]}
                meters:
                  type: array
                  items:
                    type: object
                    required: [meter, quantity, peak]
                    properties:
                      meter: {type: string}
                      quantity: {type: integer}
                      peak: {type: integer}
                      included: {type: integer}
                upcomingInvoice:
                  type: object
                  required: [periodStart, periodEnd, currency, subtotal, tax, total, lines]
                  properties:
                    periodStart: {type: string, format: date-time}
                    periodEnd: {type: string, format: date-time}
                    currency: {type: string}
                    subtotal: {type: integer}
                    tax: {type: integer}
                    total: {type: integer}
                    lines: {type: array, items: {$ref: '#/components/schemas/BillingInvoiceLine'}}
            BillingInvoiceStatus:
              type: string
              enum: [draft, open, paid, void, uncollectible]
            BillingInvoice:
              type: object
              required: [id, tenantId, status, periodStart, periodEnd, currency, subtotal, tax, total, taxRateBasisPoints, lines, createdAt, finalizeAfter]
              properties:
                id: {type: string, format: uuid}
                tenantId: {type: string, format: uuid}
                number: {type: string, description: 'Given at finalization; sequential per issuer without gaps.'}
                status: {$ref: '#/components/schemas/BillingInvoiceStatus'}
                periodStart: {type: string, format: date-time}
                periodEnd: {type: string, format: date-time}
                currency: {type: string}
                subtotal: {type: integer}
                tax: {type: integer}
                total: {type: integer}
                taxRateBasisPoints: {type: integer}
                lines: {type: array, items: {$ref: '#/components/schemas/BillingInvoiceLine'}}
                createdAt: {type: string, format: date-time}
                finalizeAfter: {type: string, format: date-time}
                finalizedAt: {type: string, format: date-time}
                dueAt: {type: string, format: date-time}
                paidAt: {type: string, format: date-time}
            BillingInvoiceList:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/BillingInvoice'}}
            BillingProfile:
              type: object
              required: [legalName, email, address, taxId, taxRateBasisPoints, updatedAt]
              properties:
                legalName: {type: string}
                email: {type: string}
                address: {type: string}
                taxId: {type: string}
                taxRateBasisPoints: {type: integer}
                approvedAt: {type: string, format: date-time}
                approvedBy: {type: string}
                updatedAt: {type: string, format: date-time}
            BillingProfileWrite:
              type: object
              additionalProperties: false
              required: [legalName, email]
              properties:
                legalName: {type: string, minLength: 1, maxLength: 200}
                email: {type: string, maxLength: 254}
                address: {type: string, maxLength: 1000}
                taxId: {type: string, maxLength: 50}
            BillingRunRequest:
              type: object
              additionalProperties: false
              properties:
                dryRun: {type: [boolean, 'null']}
            BillingRunReport:
              type: object
              required: [dryRun, tenantsVisited, invoicesCreated, invoicesFinalized, trialsEnded, subscriptionsPastDue, tenantsSuspended, subscriptionsStarted, failures, items]
              properties:
                dryRun: {type: boolean}
                tenantsVisited: {type: integer}
                invoicesCreated: {type: integer}
                invoicesFinalized: {type: integer}
                trialsEnded: {type: integer}
                subscriptionsPastDue: {type: integer}
                tenantsSuspended: {type: integer}
                subscriptionsStarted: {type: integer}
                failures: {type: integer}
                items:
                  type: array
                  items:
                    type: object
                    required: [tenantId, action, detail]
                    properties:
                      tenantId: {type: string, format: uuid}
                      action: {type: string}
                      detail: {type: string}
            BillingClockRequest:
              type: object
              additionalProperties: false
              required: [time]
              properties:
                time: {type: string, format: date-time}
            BillingProfileApproval:
              type: object
              additionalProperties: false
              properties:
                taxRateBasisPoints: {type: [integer, 'null'], minimum: 0, maximum: 10000}
            BillingCreditNoteRequest:
              type: object
              additionalProperties: false
              required: [amount, reason]
              properties:
                amount: {type: integer, minimum: 1}
                reason: {type: string, minLength: 1, maxLength: 500}
            BillingCreditNote:
              type: object
              required: [id, tenantId, invoiceId, number, currency, amount, reason, createdAt, createdBy]
              properties:
                id: {type: string, format: uuid}
                tenantId: {type: string, format: uuid}
                invoiceId: {type: string, format: uuid}
                number: {type: string}
                currency: {type: string}
                amount: {type: integer}
                reason: {type: string}
                createdAt: {type: string, format: date-time}
                createdBy: {type: string}
            BillingMeterPrice:
              type: object
              required: [meter, included, unitSize, tiers]
              properties:
                meter: {type: string}
                included: {type: integer, minimum: 0}
                unitSize: {type: integer, minimum: 1}
                tiers:
                  type: array
                  minItems: 1
                  items:
                    type: object
                    required: [unitAmount]
                    properties:
                      upTo: {type: [integer, 'null']}
                      unitAmount: {type: integer, minimum: 0}
            BillingPlanPrice:
              type: object
              required: [plan, version, currency, baseFee, meters]
              properties:
                plan: {type: string}
                version: {type: integer}
                currency: {type: string}
                baseFee: {type: integer}
                meters: {type: array, items: {$ref: '#/components/schemas/BillingMeterPrice'}}
            BillingPlanVersionList:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/BillingPlanPrice'}}
            BillingPlanVersionRequest:
              type: object
              additionalProperties: false
              required: [currency, baseFee, meters]
              properties:
                currency: {type: string, pattern: '^[A-Z]{3}$'}
                baseFee: {type: integer, minimum: 0}
                meters: {type: array, items: {$ref: '#/components/schemas/BillingMeterPrice'}}
            BillingPlanMigrationRequest:
              type: object
              additionalProperties: false
              properties:
                toVersion: {type: [integer, 'null'], minimum: 1}
                dryRun: {type: [boolean, 'null']}
            BillingPlanMigrationReport:
              type: object
              required: [plan, toVersion, dryRun, subscriptions, tenants]
              properties:
                plan: {type: string}
                toVersion: {type: integer}
                dryRun: {type: boolean}
                subscriptions: {type: integer}
                tenants:
                  type: array
                  items:
                    type: object
                    required: [tenantId, fromVersion]
                    properties:
                      tenantId: {type: string, format: uuid}
                      fromVersion: {type: integer}
        """#
}
