-- Daily CI totals gain what the views used to read from every run of the last 30 days: the
-- successful runs' count and the day's durations and lead times as lists (so medians over a team's
-- days stay exact). Days whose runs are still kept get them from their runs, as RunStore writes
-- them; older days are past every view's window and are left as they are.
UPDATE signals d
SET body = d.body || x.lists
FROM (
    SELECT r.scope, date_trunc('day', r.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, jsonb_build_object(
        'succeeded', count(*) FILTER (WHERE r.body->'run'->>'conclusion' = 'success'),
        'durationsSeconds', coalesce(jsonb_agg((r.body->>'durationSeconds')::float8) FILTER (WHERE r.body->>'durationSeconds' IS NOT NULL), '[]'),
        'leadTimesHours', coalesce(jsonb_agg((r.body->>'leadTimeHours')::float8) FILTER (WHERE r.body->>'leadTimeHours' IS NOT NULL), '[]')) AS lists
    FROM signals r
    WHERE r.part = 1
    GROUP BY 1, 2
) AS x
WHERE d.scope = x.scope AND d.part = 3 AND d.at = x.day;
