-- The table probe-connector.json captures and its publication (publication.autocreate.mode=disabled), made as the
-- application role, as the producer's migrations make the outbox's; the connector's replication role may read it.
CREATE TABLE IF NOT EXISTS cdc_probe (id uuid PRIMARY KEY, note text NOT NULL);
GRANT SELECT ON cdc_probe TO cdc_replication;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = 'probe_cdc') THEN
        CREATE PUBLICATION probe_cdc FOR TABLE cdc_probe;
    END IF;
END $$;
