-- The database roles of cdc-fanout, least privilege (docs/OPERATIONS.md "Security"), and the schema
-- registry's database. Run by the superuser with psql (15 or later), connected to the application
-- database: by the postgres image on first start (docker-compose.yml) and by ./fanout up on every start
-- (so it is idempotent; passwords are reset to the given ones). Role names and passwords come from the
-- environment: CDC_DB_USER/CDC_DB_PASSWORD, CDC_DB_REPLICATION_USER/CDC_DB_REPLICATION_PASSWORD,
-- CDC_DB_REGISTRY_USER/CDC_DB_REGISTRY_PASSWORD.
\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages = warning;
\getenv app_user CDC_DB_USER
\getenv app_password CDC_DB_PASSWORD
\getenv replication_user CDC_DB_REPLICATION_USER
\getenv replication_password CDC_DB_REPLICATION_PASSWORD
\getenv registry_user CDC_DB_REGISTRY_USER
\getenv registry_password CDC_DB_REGISTRY_PASSWORD
SELECT :{?app_user} AND :{?app_password} AND :{?replication_user} AND :{?replication_password}
       AND :{?registry_user} AND :{?registry_password} AS complete, current_database() AS db \gset
\if :complete
\else
DO $$ BEGIN RAISE EXCEPTION 'postgres-init.sql: set CDC_DB_USER, CDC_DB_PASSWORD, CDC_DB_REPLICATION_USER, CDC_DB_REPLICATION_PASSWORD, CDC_DB_REGISTRY_USER and CDC_DB_REGISTRY_PASSWORD'; END $$;
\endif

-- Only the roles granted CONNECT below reach the databases (PostgreSQL grants it to PUBLIC by default).
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;

-- The producer API and the consumers: owns schema public (the producer's Flyway migrations create the
-- entity and outbox tables there) and may create schemas (each consumer migrates a schema of its own).
SELECT format('CREATE ROLE %I', :'app_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
ALTER ROLE :"app_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
GRANT CONNECT, CREATE, TEMPORARY ON DATABASE :"db" TO :"app_user";
ALTER SCHEMA public OWNER TO :"app_user";

-- Debezium (infra/connect/outbox-connector.json): a replication connection, and SELECT on public.outboxevent
-- alone, through role cdc_fanout_outbox_reader: the producer's migration grants it when it creates the table.
SELECT format('CREATE ROLE %I', :'replication_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'replication_user') \gexec
ALTER ROLE :"replication_user" WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'replication_password';
GRANT CONNECT ON DATABASE :"db" TO :"replication_user";
GRANT USAGE ON SCHEMA public TO :"replication_user";
SELECT 'CREATE ROLE cdc_fanout_outbox_reader NOLOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cdc_fanout_outbox_reader') \gexec
GRANT cdc_fanout_outbox_reader TO :"replication_user";

-- The connector's publication (publication.autocreate.mode=disabled), there before the connector starts and
-- empty until the producer's migration, as its owner, adds public.outboxevent: WAL of no other table is sent.
SELECT 'CREATE PUBLICATION cdc_fanout_outbox' WHERE NOT EXISTS (SELECT FROM pg_publication WHERE pubname = 'cdc_fanout_outbox') \gexec
ALTER PUBLICATION cdc_fanout_outbox OWNER TO :"app_user";

-- The schema registry (Apicurio): owns its own database and nothing else.
SELECT format('CREATE ROLE %I', :'registry_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'registry_user') \gexec
ALTER ROLE :"registry_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'registry_password';
SELECT format('CREATE DATABASE apicurio OWNER %I', :'registry_user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'apicurio') \gexec
ALTER DATABASE apicurio OWNER TO :"registry_user";
REVOKE ALL ON DATABASE apicurio FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE apicurio TO :"registry_user";
