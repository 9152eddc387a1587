-- A run asked for while the same unique job is running: the running one may have read its input
-- before the change that prompted the request, so another run follows it (`rerun_at`), instead of
-- the request being dropped against the unique key.
ALTER TABLE control.jobs ADD COLUMN rerun_at timestamptz;
