-- Consecutive failed refreshes of a location (0 after a good one), shown with its status and message.
ALTER TABLE locations ADD COLUMN failed_refreshes integer NOT NULL DEFAULT 0;
