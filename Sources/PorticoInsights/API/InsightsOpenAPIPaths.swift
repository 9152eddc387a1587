/// The paths of Insights' OpenAPI fragment.
enum InsightsOpenAPIPaths {
    static let yaml = #"""
        paths:
          /api/insights/events:
            post:
              operationId: postInsightsEvents
              tags: [Insights]
              description: >-
                Takes a batch of up to 1,000 analytics events (more is 422 `too_many_events`; 1 MiB, also
                unpacked, with gzip accepted as `Content-Encoding: gzip`) in the shape Backstage's analytics
                API emits. A batch past the plan's daily cap is 403 `plan_limit_reached`. Each event is
                checked on its own: the rejected ones are listed with their index and reason, the rest
                are stored. An event id counts once for ever; a repeated id with a different body is
                rejected as `id_reused`. Accepted events show in every report within a minute.
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/InsightsEventBatch'}
              responses:
                '200':
                  description: What was accepted, what was a duplicate, what was rejected and why.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/InsightsIngestionOutcome'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/insights/active-users:
            get:
              operationId: getInsightsActiveUsers
              tags: [Insights]
              description: >-
                Distinct active users per bucket, new versus returning, distinct users over the whole
                range, and adoption (active users over the catalog's User entities, the licensed seats
                when set, or the group's members).
              security: [{apiKey: []}]
              parameters:
                - {$ref: '#/components/parameters/InsightsFrom'}
                - {$ref: '#/components/parameters/InsightsTo'}
                - {$ref: '#/components/parameters/InsightsLast'}
                - {$ref: '#/components/parameters/InsightsGrouping'}
                - {$ref: '#/components/parameters/InsightsGroup'}
                - {$ref: '#/components/parameters/InsightsFormat'}
              responses:
                '200':
                  description: The series.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/InsightsActiveUsers'}
                    text/csv:
                      schema: {type: string}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/insights/top:
            get:
              operationId: getInsightsTop
              tags: [Insights]
              description: >-
                The most used plugins, pages, catalog entities (`kind` filters them), entity-page tabs,
                search terms, zero-result search terms, software templates (`value` = minutes saved),
                TechDocs pages, not-found pages or clicked search results (`discoveries`, `averageValue`
                = the mean rank), most events first.
              security: [{apiKey: []}]
              parameters:
                - name: dimension
                  in: query
                  required: true
                  schema:
                    type: string
                    enum: [plugins, pages, entities, tabs, searches, zero-result-searches, templates, docs, not-found, discoveries]
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 10}}
                - {name: kind, in: query, description: "Entities of this kind only.", schema: {type: string}}
                - {$ref: '#/components/parameters/InsightsFrom'}
                - {$ref: '#/components/parameters/InsightsTo'}
                - {$ref: '#/components/parameters/InsightsLast'}
                - {$ref: '#/components/parameters/InsightsGroup'}
                - {$ref: '#/components/parameters/InsightsFormat'}
              responses:
                '200':
                  description: The top items.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/InsightsTop'}
                    text/csv:
                      schema: {type: string}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/insights/teams:
            get:
              operationId: getInsightsTeams
              tags: [Insights]
              description: >-
                Every catalog group with members: its members' distinct active users and events in the
                range (direct memberships), most active first.
              security: [{apiKey: []}]
              parameters:
                - {$ref: '#/components/parameters/InsightsFrom'}
                - {$ref: '#/components/parameters/InsightsTo'}
                - {$ref: '#/components/parameters/InsightsLast'}
                - {$ref: '#/components/parameters/InsightsFormat'}
              responses:
                '200':
                  description: The teams.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/InsightsTeams'}
                    text/csv:
                      schema: {type: string}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/insights/retention:
            get:
              operationId: getInsightsRetention
              tags: [Insights]
              description: >-
                Weekly cohorts of users first seen in the range (weeks start on Monday, UTC), and how
                many of each were active in its first week and each week after, up to the range's end.
              security: [{apiKey: []}]
              parameters:
                - {$ref: '#/components/parameters/InsightsFrom'}
                - {$ref: '#/components/parameters/InsightsTo'}
                - {$ref: '#/components/parameters/InsightsLast'}
                - {$ref: '#/components/parameters/InsightsGroup'}
                - {$ref: '#/components/parameters/InsightsFormat'}
              responses:
                '200':
                  description: The cohorts.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/InsightsRetention'}
                    text/csv:
                      schema: {type: string}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/insights/settings:
            get:
              operationId: getInsightsSettings
              tags: [Insights]
              description: The tenant's Insights settings.
              security: [{apiKey: []}]
              responses:
                '200':
                  description: The settings.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/InsightsSettings'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
            put:
              operationId: putInsightsSettings
              tags: [Insights]
              description: >-
                Changes the settings (`tenant:admin`): keep real user refs instead of pseudonyms (from
                then on; stored pseudonyms stay), retention in months, licensed seats (null for none).
              security: [{apiKey: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/InsightsSettingsChange'}
              responses:
                '200':
                  description: The settings now.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/InsightsSettings'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
          /api/insights/users/{userRef}:
            delete:
              operationId: eraseInsightsUser
              tags: [Insights]
              description: >-
                Erases one user (`tenant:admin`): reports stop counting them at once; their stored events
                are deleted by a background job.
              security: [{apiKey: []}]
              parameters:
                - {name: userRef, in: path, required: true, description: "A user entity ref, URL-encoded (user%3Adefault%2Fana).", schema: {type: string}}
              responses:
                '202':
                  description: Erased from reports; events being deleted.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/InsightsErasure'}
                '400': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                default: {$ref: '#/components/responses/Problem'}
        """#
}
