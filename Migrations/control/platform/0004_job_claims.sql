-- Job claims carry a token, so a run whose lease expired (and was claimed again, perhaps by the
-- same worker's other slot) can no longer complete, fail, renew or release the newer claim.
-- Jobs of a tenant carry its id, so claiming can take turns across tenants; the claim ranks the due
-- jobs read through jobs_ready (measured at 20,000 pending jobs: an index ordered by tenant was
-- slower than sorting the due ones, so there is none).
-- A job kind may start over with fresh attempts instead of dying (schedules that must not end).
ALTER TABLE control.jobs
    ADD COLUMN claim_token uuid,
    ADD COLUMN tenant_id uuid,
    ADD COLUMN start_over_seconds double precision CHECK (start_over_seconds > 0);
