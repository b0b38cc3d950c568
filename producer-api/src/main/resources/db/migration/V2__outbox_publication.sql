-- Debezium reads public.outboxevent through publication cdc_fanout_outbox (infra/connect/outbox-connector.json).
-- Where infra/docker/postgres-init.sql set up the database (docker compose, ./fanout up), the publication
-- exists, empty and owned by this role, and role cdc_fanout_outbox_reader is the connector's: the table joins
-- the publication and the connector may read it, nothing more. Elsewhere (a managed database,
-- docs/CONFLUENT_CLOUD.md "Prerequisites") whoever sets up the connector does both and this does nothing.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_publication WHERE pubname = 'cdc_fanout_outbox' AND NOT puballtables
                                            AND pg_get_userbyid(pubowner) = current_user)
       AND NOT EXISTS (SELECT FROM pg_publication_tables
                       WHERE pubname = 'cdc_fanout_outbox' AND schemaname = 'public' AND tablename = 'outboxevent') THEN
        ALTER PUBLICATION cdc_fanout_outbox ADD TABLE public.outboxevent;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'cdc_fanout_outbox_reader') THEN
        GRANT SELECT ON public.outboxevent TO cdc_fanout_outbox_reader;
    END IF;
END $$;
