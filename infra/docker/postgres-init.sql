-- Databases the official postgres image creates on first start, besides POSTGRES_DB:
-- the schema registry's storage (the local stack creates the same one).
CREATE DATABASE apicurio;
