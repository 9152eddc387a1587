-- Every signal of the tenant in one table with only its primary key: two relations for the
-- module, within the density budget. Each read is a range of the key's prefix:
--   scope  the entity's catalog uid (history survives renames), or a tenant-wide list whose name
--          starts with '~' ('~failing', '~unmapped', '~cost-keys');
--   part   what the row is (SignalPart.swift): a run, the latest run per workflow and branch, a
--          day of an entity's CI, a workload, a cost row, ...;
--   at     when: a run's creation, a cost period's start, a day; the epoch for rows that hold
--          the current state (latest runs, workloads, what is failing);
--   key    the row's identity within (scope, part, at).
-- Retention deletes ranges of (scope, part, at) in batches.
CREATE TABLE signals (
    scope text NOT NULL,
    part smallint NOT NULL,
    at timestamptz NOT NULL,
    key text NOT NULL,
    body jsonb NOT NULL,
    PRIMARY KEY (scope, part, at, key)
);
