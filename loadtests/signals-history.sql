-- History for the signals views' benchmark (issue 12), written straight into one tenant's
-- `signals` table in the shapes `RunStore` and `CostIngestion` write (bodies as `StoredRun` and the
-- cost body encode them), so the API reads it as its own. psql variables:
--   schema        the tenant's schema (t_<32 hex>)
--   runs          runs per component, spread over the last 90 days (100 x 100,000 = 10 million)
--   cost_entities components with 13 months of daily cost (the first 200 of them with 3 services)
--   part / parts  this call loads the components whose number modulo :parts is :part (progress)
-- Components are numbered by name (`service-<n>`), their repository `bench/service-<n>`.
SET search_path = :"schema";
SET synchronous_commit = off;

CREATE TEMP TABLE IF NOT EXISTS bench_components AS
SELECT uid::text AS scope, ref, substring(name FROM 'service-(\d+)$')::int AS n
FROM entities WHERE kind = 'component' AND name ~ '^service-\d+$';

WITH base AS (
    SELECT c.scope, c.n, k,
           date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
               - make_interval(secs => (k * 90 * 86400 / :runs) + (c.n % 86400)) AS created,
           60 + (c.n * 7 + k * 13) % 600 AS duration,
           (c.n + k) % 7 = 0 AS failed,
           k % 10 = 0 AS deploy,
           (c.n::bigint * 1000 + k)::text AS run_id
    FROM bench_components c, generate_series(1, :runs) AS k
    WHERE c.n % :parts = :part
), stamped AS (
    SELECT b.*, to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_text,
           to_char((created + make_interval(secs => duration)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_text,
           to_char((created - interval '3 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS commit_text,
           to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS order_time
    FROM base b
)
INSERT INTO signals (scope, part, at, key, body)
SELECT scope, 1, created, 'github' || chr(31) || run_id,
       jsonb_strip_nulls(jsonb_build_object(
           'rank', 7, 'status', 'completed', 'failed', failed, 'isDeployment', deploy,
           'durationSeconds', duration,
           'leadTimeHours', CASE WHEN deploy AND NOT failed THEN 3 + duration / 3600.0 END,
           'order', order_time || '|00000007|' || run_id,
           'run', jsonb_build_object(
               'provider', 'github', 'repository', 'bench/service-' || n, 'runID', run_id,
               'workflow', CASE WHEN deploy THEN 'Deploy' ELSE 'CI' END, 'branch', 'main', 'defaultBranch', 'main',
               'status', 'completed', 'conclusion', CASE WHEN failed THEN 'failure' ELSE 'success' END,
               'url', 'https://github.com/bench/service-' || n || '/actions/runs/' || run_id,
               'createdAt', created_text, 'startedAt', created_text, 'finishedAt', finished_text,
               'attempt', 1, 'isDeployment', deploy, 'commitAt', commit_text, 'createdAtIsFirstSeen', false)))
FROM stamped
ORDER BY scope, created
ON CONFLICT DO NOTHING;

-- The newest run of each workflow and branch.
INSERT INTO signals (scope, part, at, key, body)
SELECT DISTINCT ON (r.scope, r.body->'run'->>'workflow')
       r.scope, 2, timestamptz 'epoch', (r.body->'run'->>'workflow') || chr(31) || 'main', r.body
FROM signals r JOIN bench_components c ON c.scope = r.scope AND c.n % :parts = :part
WHERE r.part = 1
ORDER BY r.scope, r.body->'run'->>'workflow', r.at DESC
ON CONFLICT DO NOTHING;

-- Each day's CI totals, as RunStore keeps them.
INSERT INTO signals (scope, part, at, key, body)
SELECT r.scope, 3, date_trunc('day', r.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', '', jsonb_build_object(
    'runs', count(*) FILTER (WHERE r.body->>'status' = 'completed'),
    'succeeded', count(*) FILTER (WHERE r.body->'run'->>'conclusion' = 'success'),
    'failures', count(*) FILTER (WHERE (r.body->>'failed')::boolean),
    'durationSeconds', coalesce(sum((r.body->>'durationSeconds')::float8), 0),
    'durationsSeconds', coalesce(jsonb_agg((r.body->>'durationSeconds')::float8) FILTER (WHERE r.body->>'durationSeconds' IS NOT NULL), '[]'),
    'deploys', count(*) FILTER (WHERE (r.body->>'isDeployment')::boolean AND r.body->>'status' = 'completed'),
    'failedDeploys', count(*) FILTER (WHERE (r.body->>'isDeployment')::boolean AND (r.body->>'failed')::boolean),
    'leadTimeHours', coalesce(sum((r.body->>'leadTimeHours')::float8), 0),
    'leadTimes', count(r.body->>'leadTimeHours'),
    'leadTimesHours', coalesce(jsonb_agg((r.body->>'leadTimeHours')::float8) FILTER (WHERE r.body->>'leadTimeHours' IS NOT NULL), '[]'))
FROM signals r JOIN bench_components c ON c.scope = r.scope AND c.n % :parts = :part
WHERE r.part = 1
GROUP BY 1, 3
ON CONFLICT DO NOTHING;

-- 13 months of daily cost (395 days).
INSERT INTO signals (scope, part, at, key, body)
SELECT c.scope, 5, day, s.service || chr(31) || 'arn:bench:' || c.n || ':' || s.service,
       jsonb_build_object(
           'service', s.service, 'resource', 'arn:bench:' || c.n || ':' || s.service, 'currency', 'USD',
           'periodEnd', to_char((day + interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'tags', jsonb_build_object('backstage-entity', c.ref),
           'billedCost', round((1 + (c.n + d) % 50) * s.weight, 2), 'effectiveCost', round((1 + (c.n + d) % 50) * s.weight, 2))
FROM bench_components c
CROSS JOIN generate_series(1, 395) AS d
CROSS JOIN LATERAL (SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - make_interval(days => d) AS day) AS t
JOIN (VALUES ('AmazonEC2', 1.0, 0), ('AmazonRDS', 0.5, 1), ('AmazonS3', 0.1, 1)) AS s(service, weight, only_first)
  ON s.only_first = 0 OR c.n < 200
WHERE c.n < :cost_entities AND c.n % :parts = :part
ON CONFLICT DO NOTHING;
