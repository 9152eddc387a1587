/// The paths of signals' OpenAPI fragment.
enum SignalsOpenAPIPaths {
    static let yaml = #"""
        paths:
          /api/signals/webhooks:
            post:
              operationId: createSignalsWebhook
              tags: [Signals]
              description: >-
                Makes a CI/CD webhook. The answer holds its public `url` (which names the hook, not the
                tenant) and its `secret`, shown only here: GitHub and generic senders sign with it
                (`X-Hub-Signature-256`), GitLab sends it as `X-Gitlab-Token`. Past the plan's
                `maxSignalsWebhooks` it is 403 `plan_limit_reached`; without the operator's sealing key
                503 `signals_key_not_configured`.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/SignalsWebhookRequest'}
              responses:
                '201':
                  description: The hook, with its secret.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsWebhookWithSecret'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            get:
              operationId: listSignalsWebhooks
              tags: [Signals]
              description: The tenant's webhooks, oldest first, without their secrets.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The hooks.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsWebhookList'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/webhooks/{id}/rotate:
            post:
              operationId: rotateSignalsWebhook
              tags: [Signals]
              description: A new secret for the hook, shown only here; the old one stops working at once.
              security: [{apiKey: []}]
              parameters:
                - {$ref: '#/components/parameters/SignalsHookID'}
              responses:
                '200':
                  description: The hook, with its new secret.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsWebhookWithSecret'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/webhooks/{id}:
            delete:
              operationId: deleteSignalsWebhook
              tags: [Signals]
              description: Deletes the hook; deliveries to its URL are 404 from then on.
              security: [{apiKey: []}]
              parameters:
                - {$ref: '#/components/parameters/SignalsHookID'}
              responses:
                '204': {description: Deleted.}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/hooks/{id}:
            post:
              operationId: deliverSignalsWebhook
              tags: [Signals]
              description: >-
                The public URL providers deliver to (no API key). GitHub: `workflow_run` and `check_run`
                (`X-GitHub-Event`) signed with `X-Hub-Signature-256`, deduplicated by `X-GitHub-Delivery`.
                GitLab: `Pipeline Hook` and `Deployment Hook` (`X-Gitlab-Event`) with `X-Gitlab-Token`,
                deduplicated by `X-Gitlab-Event-UUID`. Generic: a `SignalsGenericRun` signed like GitHub's,
                deduplicated by `X-Delivery-Id`. A bad signature is 401 `invalid_signature` and stores
                nothing; another event type is 202 `ignored`; a run no entity's annotations name is 202
                `unmapped`. A state older than the stored one (an `in_progress` after its `completed`)
                changes nothing (`out_of_order`). At most 1 MiB (413 `payload_too_large`); a NUL byte is
                400 `nul_byte`; malformed JSON 400 `malformed_json`.
              security: []
              parameters:
                - {$ref: '#/components/parameters/SignalsHookID'}
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {description: "The provider's event payload, or a SignalsGenericRun."}
              responses:
                '200':
                  description: Applied, out of order, or a duplicate.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsDeliveryOutcome'}
                '202':
                  description: Ignored (an event type signals does not read) or unmapped (no entity).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsDeliveryOutcome'}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                '503':
                  description: The tenant's deliveries arrive faster than they are written (`signals_deliveries_busy`); retry after `Retry-After`.
                  content:
                    application/problem+json:
                      schema: {$ref: '#/components/schemas/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/entities/{kind}/{namespace}/{name}:
            get:
              operationId: getSignalsEntity
              tags: [Signals]
              description: >-
                The entity's latest CI status per workflow and branch, recent runs, success rate and
                median duration over 30 days; the DORA measures from deploy runs; its workloads per
                cluster; its cost over 30 days by service with the trend. For a System, Domain or Group
                the same summed over everything it holds or owns (a Group with its sub-groups), with
                `rollup` listing the entities and, for a Group, each team's share. Sections without data
                are empty lists and nulls.
              security: [{apiKey: []}]
              parameters:
                - {name: kind, in: path, required: true, schema: {type: string}}
                - {name: namespace, in: path, required: true, schema: {type: string}}
                - {name: name, in: path, required: true, schema: {type: string}}
              responses:
                '200':
                  description: The entity's signals.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsEntity'}
                '400': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/failing:
            get:
              operationId: getSignalsFailing
              tags: [Signals]
              description: >-
                What is red now: entities whose latest default-branch run of a workflow failed, and
                workloads with crash-looping or image-pull-failing pods; newest first.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: What is failing.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsFailing'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/costs:
            post:
              operationId: postSignalsCosts
              tags: [Signals]
              description: >-
                Cost rows in the FinOps FOCUS columns (`ChargePeriodStart`, `ChargePeriodEnd`, `BilledCost`,
                `EffectiveCost`, `BillingCurrency`, `ServiceName`, `ResourceId`, `Tags`), as CSV
                (`text/csv`, with a header row) or JSON lines (`application/x-ndjson`). A row is identified
                by its period, resource and service: pushed again it replaces itself. It belongs to the
                entity its tag (settings' `costEntityTag`) names; the others are stored and reported as
                unmapped. A row with a negative or non-numeric amount, a bad date or a missing column is
                422 naming it, and nothing of the request is stored. At most 8 MiB and 100,000 rows.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  text/csv:
                    schema: {type: string}
                  application/x-ndjson:
                    schema: {type: string}
              responses:
                '200':
                  description: What was stored and what could not be mapped.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsCostOutcome'}
                '400': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/settings:
            get:
              operationId: getSignalsSettings
              tags: [Signals]
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The tenant's signals settings.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsSettings'}
                default: {$ref: '#/components/responses/Problem'}
            put:
              operationId: putSignalsSettings
              tags: [Signals]
              description: Sets the tag whose value names a cost row's entity (an entity ref, or a Component's name).
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/SignalsSettings'}
              responses:
                '200':
                  description: The settings now.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsSettings'}
                '400': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/clusters:
            post:
              operationId: registerSignalsCluster
              tags: [Signals]
              description: >-
                Registers a Kubernetes cluster. `pull` (the default): the API URL, CA certificate and a
                service-account token (sealed at rest, never returned); workers list it every minute.
                `push`: fed by `portico agent kubernetes`. Past the plan's `maxSignalsClusters` it is 403
                `plan_limit_reached`; a taken name 409 `cluster_exists`.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/SignalsClusterRequest'}
              responses:
                '201':
                  description: The cluster.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsCluster'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            get:
              operationId: listSignalsClusters
              tags: [Signals]
              description: The tenant's clusters with how their last listing went.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The clusters.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsClusterList'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/clusters/{name}:
            delete:
              operationId: deleteSignalsCluster
              tags: [Signals]
              description: Deletes the cluster and the workloads it showed.
              security: [{apiKey: []}]
              parameters:
                - {$ref: '#/components/parameters/SignalsClusterName'}
              responses:
                '204': {description: Deleted.}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/clusters/{name}/selectors:
            get:
              operationId: getSignalsClusterSelectors
              tags: [Signals]
              description: The label selector of every entity with Kubernetes annotations, for an agent to list by.
              security: [{apiKey: []}]
              parameters:
                - {$ref: '#/components/parameters/SignalsClusterName'}
              responses:
                '200':
                  description: The selectors.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsSelectorList'}
                '404': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/signals/clusters/{name}/workloads:
            post:
              operationId: pushSignalsClusterWorkloads
              tags: [Signals]
              description: >-
                What an agent listed in a `push` cluster: per entity ref, the `items` of the Deployment,
                StatefulSet, ReplicaSet and Pod lists it got with that entity's selector. Replaces the
                cluster's workloads of those entities; entities left out are cleared.
              security: [{apiKey: []}]
              parameters:
                - {$ref: '#/components/parameters/SignalsClusterName'}
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/SignalsWorkloadPush'}
              responses:
                '200':
                  description: How many entities and workloads were stored.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/SignalsWorkloadPushOutcome'}
                '400': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
        """#
}
