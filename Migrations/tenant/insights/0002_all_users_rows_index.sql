-- Top lists rank keys from the all-users rows (user_key ''), a small share of the table; through
-- the primary key they read every per-user row of the date range as well (measured: 118-1,478 ms
-- at 10 million events). This index holds the all-users rows only, with what ranking sums.
CREATE INDEX insights_rollups_totals ON insights_rollups (dimension, bucket, key)
    INCLUDE (events, value_sum, value_count) WHERE user_key = '';
