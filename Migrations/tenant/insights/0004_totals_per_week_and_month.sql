-- Insights: all-users totals per week and per month, for ranking top lists over long ranges.
-- Top lists ranked from one all-users row per (day, key): a dimension with many keys reads
-- days × keys rows (pages, ~11,000 keys: 183,000 rows over five weeks at 2.3 million events, 114 ms
-- p95; a year would be ten times that). A range is now read as the whole months and weeks inside
-- it from these rows and only its other days from the daily ones (five weeks: 5 rows per key
-- instead of 35). They are rows of `insights_rollups` whose user_key is the period's marker
-- ('#week', '#month'; no user key starts with '#'), bucketed at the period's first day, without a
-- set of users (distinct users still come from the daily sets, for the winners only). No new
-- relations: the density budget has no room for a table with its TOAST table and indexes.
INSERT INTO insights_rollups (dimension, bucket, key, user_key, events, value_sum, value_count, users)
SELECT r.dimension, date_trunc(p.period, r.bucket, 'UTC'), r.key, p.user_key, sum(r.events), sum(r.value_sum), sum(r.value_count), NULL
FROM insights_rollups r CROSS JOIN (VALUES ('week', '#week'), ('month', '#month')) AS p(period, user_key)
WHERE r.dimension >= 2 AND r.user_key = ''
GROUP BY r.dimension, 2, r.key, p.user_key;
