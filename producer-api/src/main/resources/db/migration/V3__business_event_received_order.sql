-- ./fanout backfill reads the history in the order it was accepted, a page at a time from the last
-- (received_at, event_id) it wrote: without this index each page would sort the whole table.
-- CREATE INDEX blocks inserts while it builds. On a large existing table, build it first without blocking:
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS business_event_received_idx ON business_event (received_at, event_id);
-- and this migration then does nothing. (Not CONCURRENTLY here: it cannot run in the migration's transaction.)
CREATE INDEX IF NOT EXISTS business_event_received_idx ON business_event (received_at, event_id);
