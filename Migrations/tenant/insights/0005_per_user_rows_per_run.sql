-- Insights: per-user rollup rows appended by each run, merged later. Upserting them was most of
-- a run's cost (1.0M of the 1.31M rows a 500,000-event run writes; each an update of a row whose
-- primary key carries its counts, never HOT: ~24 us apiece), so freshness lagged under load.
-- A run now inserts its per-user rows under its own number (`run`), which no earlier row has;
-- a merge job, away from the reports' freshness, folds a key's rows of several runs into one
-- (run 0). Readers already sum per-user rows. All-users rows and their sets stay upserted, run 0
-- (a few per run). No new relations.
ALTER TABLE insights_rollups ADD COLUMN run bigint NOT NULL DEFAULT 0;
ALTER TABLE insights_rollups DROP CONSTRAINT insights_rollups_pkey,
    ADD PRIMARY KEY (dimension, user_key, bucket, key, run) INCLUDE (events, value_sum, value_count);

-- The last run that appended rows for the user: the merge looks only at users with rows of runs
-- after the last merge.
ALTER TABLE insights_users ADD COLUMN last_run bigint NOT NULL DEFAULT 0;

-- Runs up to `merged_through` are merged; `unmerged_rows` per-user rows appended since. The
-- earliest bucket among rows appended since the last merge began is `unmerged_since`; a merge
-- takes it over as `merging_since` when it begins, and clears that when it is done.
ALTER TABLE insights_rollup_state
    ADD COLUMN merged_through bigint NOT NULL DEFAULT 0,
    ADD COLUMN merged_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN unmerged_rows bigint NOT NULL DEFAULT 0,
    ADD COLUMN unmerged_since timestamptz,
    ADD COLUMN merging_since timestamptz;
UPDATE insights_rollup_state SET merged_through = run;
