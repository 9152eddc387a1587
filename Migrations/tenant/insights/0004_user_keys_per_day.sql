-- Insights: a user's counts per key, one row per (user, dimension, day) with the keys in arrays.
-- Per-user rows of keyed dimensions (plugins, pages, entities, ...) were one row per (user, day,
-- key): about two rows upserted per event, and in a live day every rollup run upserted again the
-- rows of every key each active user touched (measured: 1.19 million upserts, ~42 s, for a batch
-- of 498,000 events; the rest of the fold ~17 s). One row per (user, dimension, day) is upserted
-- once per run for each user and dimension active in it, whatever the number of keys. Only a
-- group's top list reads these counts (its members' rows, keys unnested); activity rows per user
-- stay in `insights_rollups` (teams, cohorts, seats read them).
-- Two relations more (a table and its primary key).

-- The arrays are parallel; a key may have several entries (a rollup run appends its own), which
-- readers add up. `distinct_keys` is the number of keys at the last compaction: the upsert
-- compacts the arrays to one entry per key once they hold twice as many (see UserKeyCounts.swift).
CREATE TABLE insights_user_keys (
    user_key text NOT NULL,
    dimension smallint NOT NULL,
    day timestamptz NOT NULL,
    keys text[] NOT NULL,
    events bigint[] NOT NULL,
    value_sums double precision[] NOT NULL,
    value_counts bigint[] NOT NULL,
    distinct_keys integer NOT NULL,
    PRIMARY KEY (user_key, dimension, day)
);

INSERT INTO insights_user_keys (user_key, dimension, day, keys, events, value_sums, value_counts, distinct_keys)
SELECT user_key, dimension, bucket, array_agg(key), array_agg(events), array_agg(value_sum), array_agg(value_count), count(*)
FROM insights_rollups
WHERE dimension >= 2 AND user_key <> ''
GROUP BY user_key, dimension, bucket;

DELETE FROM insights_rollups WHERE dimension >= 2 AND user_key <> '';
