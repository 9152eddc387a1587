-- One row per entity with its daily CI totals of the last 30 UTC days (SignalPart.ciWindow), so a
-- rollup reads one row per entity instead of 30 scattered ones. Built from the daily totals as
-- RunStore keeps them (without the sums only other readers use); readers take only their window's
-- days from it.
INSERT INTO signals (scope, part, at, key, body)
SELECT scope, 10, timestamptz 'epoch', '',
       jsonb_object_agg(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), body - 'durationSeconds' - 'leadTimeHours' - 'leadTimes')
FROM signals
WHERE part = 3 AND at >= (date_trunc('day', now() AT TIME ZONE 'UTC') - interval '29 days') AT TIME ZONE 'UTC'
GROUP BY scope
ORDER BY scope
ON CONFLICT (scope, part, at, key) DO NOTHING;
