-- The background job queue and its periodic schedules.

CREATE TABLE control.jobs (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}',
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'succeeded', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL CHECK (max_attempts > 0),
    run_at timestamptz NOT NULL DEFAULT now(),
    lease_owner text,
    lease_expires_at timestamptz,
    last_error text,
    unique_key text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX jobs_ready ON control.jobs (run_at, id) WHERE state = 'pending';
CREATE INDEX jobs_leased ON control.jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_state ON control.jobs (state, id);
CREATE UNIQUE INDEX jobs_unique_live ON control.jobs (unique_key)
    WHERE unique_key IS NOT NULL AND state IN ('pending', 'running');

CREATE TABLE control.periodic_jobs (
    name text PRIMARY KEY,
    interval_seconds double precision NOT NULL CHECK (interval_seconds > 0),
    next_run_at timestamptz NOT NULL,
    last_enqueued_at timestamptz
);
