-- Trigram indexes make the catalog's fullTextFilter (substring search) an index lookup.
-- pg_trgm is a trusted extension: the database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
