/// The schemas and parameters of signals' OpenAPI fragment.
enum SignalsOpenAPIComponents {
    static let yaml = #"""
        components:
          parameters:
            SignalsHookID: {name: id, in: path, required: true, schema: {type: string, format: uuid}}
            SignalsClusterName: {name: name, in: path, required: true, schema: {type: string, pattern: '^[a-z0-9-]{1,63}$'}}
          schemas:
            SignalsWebhookRequest:
              type: object
              properties:
                provider: {type: string, enum: [github, gitlab, generic]}
              required: [provider]
              additionalProperties: false
            SignalsWebhook:
              type: object
              properties:
                id: {type: string, format: uuid}
                provider: {type: string, enum: [github, gitlab, generic]}
                url: {type: string}
                createdAt: {type: string, format: date-time}
                rotatedAt: {type: string, format: date-time}
              required: [id, provider, url, createdAt]
              additionalProperties: false
            SignalsWebhookWithSecret:
              type: object
              properties:
                id: {type: string, format: uuid}
                provider: {type: string, enum: [github, gitlab, generic]}
                url: {type: string, description: "The public URL to give the provider."}
                secret: {type: string, description: "Shown only here."}
                createdAt: {type: string, format: date-time}
              required: [id, provider, url, secret, createdAt]
              additionalProperties: false
            SignalsWebhookList:
              type: object
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/SignalsWebhook'}}
              required: [items]
              additionalProperties: false
            SignalsGenericRun:
              type: object
              description: A run from any CI system, naming its entity or its repository.
              properties:
                entityRef: {type: string}
                repository: {type: string, description: "owner/name, as in github.com/project-slug or gitlab.com/project-slug."}
                runId: {type: string}
                workflow: {type: string}
                branch: {type: string}
                defaultBranch: {type: string}
                status: {type: string, enum: [queued, in_progress, completed]}
                conclusion: {type: string, description: "success, failure, cancelled, skipped, ...; once completed."}
                url: {type: string}
                createdAt: {type: string, format: date-time}
                startedAt: {type: string, format: date-time}
                finishedAt: {type: string, format: date-time}
                attempt: {type: integer, minimum: 1}
                deployment: {type: boolean, description: "A deploy run (by default: a workflow named for deploy or release)."}
                commitAt: {type: string, format: date-time, description: "When the change was committed, for lead time."}
              required: [runId, workflow, status, createdAt]
              additionalProperties: false
            SignalsDeliveryOutcome:
              type: object
              properties:
                status: {type: string, enum: [applied, out_of_order, duplicate, unmapped, ignored]}
                entities: {type: integer, description: "The entities the run was stored under."}
              required: [status, entities]
              additionalProperties: false
            SignalsRun:
              type: object
              properties:
                entityRef: {type: string}
                provider: {type: string}
                workflow: {type: string}
                branch: {type: string}
                status: {type: string, enum: [queued, in_progress, completed]}
                conclusion: {type: [string, 'null']}
                url: {type: [string, 'null']}
                createdAt: {type: string, format: date-time}
                finishedAt: {type: [string, 'null'], format: date-time}
              required: [entityRef, provider, workflow, branch, status, conclusion, url, createdAt, finishedAt]
              additionalProperties: false
            SignalsWorkload:
              type: object
              properties:
                entityRef: {type: string}
                cluster: {type: string}
                namespace: {type: string}
                kind: {type: string, enum: [Deployment, StatefulSet]}
                name: {type: string}
                desiredReplicas: {type: integer}
                readyReplicas: {type: integer}
                availableReplicas: {type: integer}
                restarts: {type: integer}
                images: {type: array, items: {type: string}}
                problems: {type: array, items: {type: string}, description: "Waiting reasons such as CrashLoopBackOff, and 'unavailable'."}
                observedAt: {type: string, format: date-time}
                healthy: {type: boolean}
              required: [entityRef, cluster, namespace, kind, name, desiredReplicas, readyReplicas, availableReplicas, restarts, images, problems, observedAt, healthy]
              additionalProperties: false
            SignalsEntity:
              type: object
              properties:
                entityRef: {type: string}
                ci:
                  type: object
                  properties:
                    latest: {type: array, items: {$ref: '#/components/schemas/SignalsRun'}, description: "The newest run per workflow and branch."}
                    recentRuns: {type: array, items: {$ref: '#/components/schemas/SignalsRun'}}
                    runs30d: {type: integer}
                    successRate30d: {type: [number, 'null']}
                    medianDurationSeconds: {type: [number, 'null']}
                  required: [latest, recentRuns, runs30d, successRate30d, medianDurationSeconds]
                  additionalProperties: false
                dora:
                  type: object
                  properties:
                    deployments30d: {type: integer}
                    deploymentsPerWeek: {type: number}
                    leadTimeHours: {type: [number, 'null']}
                    changeFailureRate: {type: [number, 'null']}
                  required: [deployments30d, deploymentsPerWeek, leadTimeHours, changeFailureRate]
                  additionalProperties: false
                workloads: {type: array, items: {$ref: '#/components/schemas/SignalsWorkload'}}
                cost:
                  type: object
                  properties:
                    currency: {type: [string, 'null']}
                    last30Days: {type: number}
                    byService:
                      type: array
                      items:
                        type: object
                        properties:
                          service: {type: string}
                          amount: {type: number}
                        required: [service, amount]
                        additionalProperties: false
                    trend:
                      type: object
                      properties:
                        previous30Days: {type: number}
                        change: {type: [number, 'null'], description: "(last 30 days - previous 30) / previous 30."}
                      required: [previous30Days, change]
                      additionalProperties: false
                    otherCurrencies: {type: array, items: {type: string}}
                  required: [currency, last30Days, byService, trend, otherCurrencies]
                  additionalProperties: false
                rollup:
                  type: object
                  description: For a System, Domain or Group.
                  properties:
                    entities: {type: array, items: {type: string}}
                    teams:
                      type: array
                      items:
                        type: object
                        properties:
                          group: {type: string}
                          entities: {type: integer}
                          cost30Days: {type: number}
                          deployments30d: {type: integer}
                          failingWorkloads: {type: integer}
                        required: [group, entities, cost30Days, deployments30d, failingWorkloads]
                        additionalProperties: false
                  required: [entities, teams]
                  additionalProperties: false
              required: [entityRef, ci, dora, workloads, cost]
              additionalProperties: false
            SignalsFailing:
              type: object
              properties:
                items:
                  type: array
                  items:
                    type: object
                    properties:
                      entityRef: {type: string}
                      source: {type: string, enum: [ci, workload]}
                      detail: {type: string}
                      since: {type: string, format: date-time}
                      url: {type: string}
                    required: [entityRef, source, detail, since]
                    additionalProperties: false
              required: [items]
              additionalProperties: false
            SignalsCostOutcome:
              type: object
              properties:
                accepted: {type: integer}
                mapped: {type: integer}
                costEntityTag: {type: string}
                unmapped:
                  type: object
                  properties:
                    rows: {type: integer}
                    amounts: {type: object, additionalProperties: {type: number}, description: "Effective cost per currency."}
                    values: {type: array, items: {type: string}, description: "Tag values that named no entity."}
                  required: [rows, amounts, values]
                  additionalProperties: false
              required: [accepted, mapped, costEntityTag, unmapped]
              additionalProperties: false
            SignalsSettings:
              type: object
              properties:
                costEntityTag: {type: string, minLength: 1, maxLength: 128}
              required: [costEntityTag]
              additionalProperties: false
            SignalsClusterRequest:
              type: object
              properties:
                name: {type: string, pattern: '^[a-z0-9-]{1,63}$'}
                mode: {type: string, enum: [pull, push], default: pull}
                apiUrl: {type: string}
                caCertificate: {type: string, description: "PEM."}
                token: {type: string, description: "The service account's bearer token; sealed, never returned."}
              required: [name]
              additionalProperties: false
            SignalsCluster:
              type: object
              properties:
                id: {type: string, format: uuid}
                name: {type: string}
                mode: {type: string, enum: [pull, push]}
                apiUrl: {type: [string, 'null']}
                hasCertificateAuthority: {type: boolean}
                createdAt: {type: string, format: date-time}
                lastSyncAt: {type: [string, 'null'], format: date-time}
                lastSyncError: {type: [string, 'null']}
              required: [id, name, mode, apiUrl, hasCertificateAuthority, createdAt, lastSyncAt, lastSyncError]
              additionalProperties: false
            SignalsClusterList:
              type: object
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/SignalsCluster'}}
              required: [items]
              additionalProperties: false
            SignalsSelectorList:
              type: object
              properties:
                items:
                  type: array
                  items:
                    type: object
                    properties:
                      entityRef: {type: string}
                      labelSelector: {type: string}
                    required: [entityRef, labelSelector]
                    additionalProperties: false
              required: [items]
              additionalProperties: false
            SignalsWorkloadPush:
              type: object
              properties:
                entities:
                  type: object
                  description: Per entity ref, the items the agent listed with its selector.
                  additionalProperties:
                    type: object
                    properties:
                      deployments: {type: array, items: {type: object}}
                      statefulSets: {type: array, items: {type: object}}
                      replicaSets: {type: array, items: {type: object}}
                      pods: {type: array, items: {type: object}}
              required: [entities]
            SignalsWorkloadPushOutcome:
              type: object
              properties:
                entities: {type: integer}
                workloads: {type: integer}
              required: [entities, workloads]
              additionalProperties: false
        """#
}
