/// The schemas and parameters of Insights' OpenAPI fragment.
enum InsightsOpenAPIComponents {
    static let yaml = #"""
        components:
          parameters:
            InsightsFrom: {name: from, in: query, description: "First day (UTC), YYYY-MM-DD.", schema: {type: string, format: date}}
            InsightsTo: {name: to, in: query, description: "Last day (UTC, inclusive), YYYY-MM-DD; today by default.", schema: {type: string, format: date}}
            InsightsLast: {name: last, in: query, description: "Instead of from and to; 28d by default.", schema: {type: string, enum: [7d, 28d, 90d, 12m]}}
            InsightsGrouping: {name: grouping, in: query, schema: {type: string, enum: [hour, day, week, month], default: day}}
            InsightsGroup: {name: group, in: query, description: "Members of this catalog group and its sub-groups only.", schema: {type: string}}
            InsightsFormat: {name: format, in: query, schema: {type: string, enum: [json, csv], default: json}}
          schemas:
            InsightsEvent:
              type: object
              description: An event as Backstage's analytics API emits it.
              properties:
                id: {type: string, minLength: 1, maxLength: 128}
                timestamp: {type: string, format: date-time}
                user: {type: string, description: "The user's entity ref, e.g. user:default/ana."}
                action: {type: string}
                subject: {type: string}
                value: {type: number}
                attributes: {type: object}
                context:
                  type: object
                  properties:
                    pluginId: {type: string}
                    routeRef: {type: string}
                    extension: {type: string}
                    extensionId: {type: string}
                    entityRef: {type: string}
                  required: [pluginId]
              required: [id, timestamp, user, action, subject, context]
              additionalProperties: false
            InsightsEventBatch:
              type: object
              properties:
                events:
                  type: array
                  maxItems: 1000
                  description: >-
                    Events as `InsightsEvent` describes them. An item that is not one is rejected on its own
                    (listed in the answer's `rejected` with its index); the others are stored.
                  items:
                    anyOf:
                      - {$ref: '#/components/schemas/InsightsEvent'}
                      - description: Anything else, which is rejected on its own.
              required: [events]
              additionalProperties: false
            InsightsIngestionOutcome:
              type: object
              properties:
                accepted: {type: integer}
                duplicates: {type: integer}
                rejected:
                  type: array
                  items:
                    type: object
                    properties:
                      index: {type: integer}
                      code:
                        type: string
                        enum: [invalid_event, invalid_timestamp, timestamp_in_future, timestamp_too_old, invalid_user,
                               field_too_long, attributes_too_large, id_reused]
                      detail: {type: string}
                    required: [index, code, detail]
                    additionalProperties: false
              required: [accepted, duplicates, rejected]
              additionalProperties: false
            InsightsActiveUsers:
              type: object
              properties:
                grouping: {type: string, enum: [hour, day, week, month]}
                from: {type: string, format: date}
                to: {type: string, format: date}
                series:
                  type: array
                  items:
                    type: object
                    properties:
                      start: {type: string}
                      activeUsers: {type: integer}
                      newUsers: {type: integer}
                      returningUsers: {type: integer}
                    required: [start, activeUsers, newUsers, returningUsers]
                    additionalProperties: false
                totalActiveUsers: {type: integer}
                adoption:
                  type: object
                  properties:
                    activeUsers: {type: integer}
                    totalUsers: {type: integer}
                    rate: {type: number}
                  required: [activeUsers, totalUsers, rate]
                  additionalProperties: false
              required: [grouping, from, to, series, totalActiveUsers, adoption]
              additionalProperties: false
            InsightsTop:
              type: object
              properties:
                dimension: {type: string}
                from: {type: string, format: date}
                to: {type: string, format: date}
                items:
                  type: array
                  items:
                    type: object
                    properties:
                      key: {type: string}
                      events: {type: integer}
                      users: {type: integer}
                      value: {type: number}
                      averageValue: {type: number}
                    required: [key, events, users, value]
                    additionalProperties: false
              required: [dimension, from, to, items]
              additionalProperties: false
            InsightsTeams:
              type: object
              properties:
                from: {type: string, format: date}
                to: {type: string, format: date}
                items:
                  type: array
                  items:
                    type: object
                    properties:
                      group: {type: string}
                      activeUsers: {type: integer}
                      events: {type: integer}
                      members: {type: integer}
                    required: [group, activeUsers, events, members]
                    additionalProperties: false
              required: [from, to, items]
              additionalProperties: false
            InsightsRetention:
              type: object
              properties:
                from: {type: string, format: date}
                to: {type: string, format: date}
                cohorts:
                  type: array
                  items:
                    type: object
                    properties:
                      week: {type: string, format: date}
                      users: {type: integer}
                      retained: {type: array, items: {type: integer}}
                    required: [week, users, retained]
                    additionalProperties: false
              required: [from, to, cohorts]
              additionalProperties: false
            InsightsSettings:
              type: object
              properties:
                keepUserRefs: {type: boolean}
                retentionMonths: {type: integer, minimum: 1, maximum: 120}
                licensedSeats: {type: [integer, 'null'], minimum: 1}
              required: [keepUserRefs, retentionMonths]
              additionalProperties: false
            InsightsSettingsChange:
              type: object
              properties:
                keepUserRefs: {type: boolean}
                retentionMonths: {type: integer, minimum: 1, maximum: 120}
                licensedSeats: {type: [integer, 'null'], minimum: 1, maximum: 10000000}
              additionalProperties: false
            InsightsErasure:
              type: object
              properties:
                user: {type: string}
                rollupRowsRemoved: {type: integer}
                eventsDeletion: {type: string, enum: [scheduled]}
              required: [user, rollupRowsRemoved, eventsDeletion]
              additionalProperties: false
        """#
}
