-- Insights: analytics events as Backstage's analytics API emits them, and the rollups reports
-- read. Four tables and three indexes for the whole module (the density budget allows a few
-- relations per module): no partitions, retention by batched deletes on the time range.

-- One row per accepted event. `event_key` is derived from the client's id, so a retried event is
-- refused by the primary key for ever; `fingerprint` tells a retry from a different event sent
-- under the same id. `written_by` is the inserting transaction's id: the rollup takes every row
-- of transactions that finished before its snapshot, so none is missed or counted twice however
-- late a transaction commits.
CREATE TABLE insights_events (
    event_key uuid PRIMARY KEY,
    fingerprint bigint NOT NULL,
    written_by bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    user_key text NOT NULL,
    action text NOT NULL,
    subject text NOT NULL,
    value double precision,
    plugin_id text NOT NULL,
    route_ref text,
    entity_ref text,
    extension text,
    attributes jsonb,
    context jsonb
);
-- Rows arrive in transaction and time order, so a block-range index finds a range of either for
-- a few KB, where a B-tree would cost a write per event.
CREATE INDEX insights_events_ranges ON insights_events USING brin (written_by, occurred_at);

-- Counts per bucket, dimension and key, per user, and (user_key '') for all users together.
-- dimension: see InsightsDimension.swift. Activity rows (key '') exist per hour and per day.
CREATE TABLE insights_rollups (
    dimension smallint NOT NULL,
    bucket timestamptz NOT NULL,
    key text NOT NULL,
    user_key text NOT NULL,
    events bigint NOT NULL,
    value_sum double precision NOT NULL,
    value_count bigint NOT NULL,
    PRIMARY KEY (dimension, bucket, key, user_key)
);

-- When each user was first and last seen, for new-versus-returning users and retention cohorts.
CREATE TABLE insights_users (
    user_key text PRIMARY KEY,
    first_seen timestamptz NOT NULL,
    last_seen timestamptz NOT NULL
);

-- Where the rollup stands (one row): transactions below `watermark` are rolled up. The last run's
-- count is kept until the next run so its usage report can be repeated after a crash.
CREATE TABLE insights_rollup_state (
    watermark bigint NOT NULL,
    run bigint NOT NULL,
    run_events bigint NOT NULL,
    run_at timestamptz NOT NULL
);
INSERT INTO insights_rollup_state (watermark, run, run_events, run_at) VALUES (0, 0, 0, now());
