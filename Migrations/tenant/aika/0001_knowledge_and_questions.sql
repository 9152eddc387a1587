-- AiKA's knowledge: every passage it may quote, each with the source it belongs to (a catalog
-- entity, a pushed document, or a page fetched from an entity's techdocs-ref). The source's
-- fields ride on every passage instead of a table of their own, because the tenant density
-- budget counts tables and indexes, and a source is only ever read through its passages.
CREATE TABLE aika_passages (
    -- 'entity:<ref>', 'document:<id>', 'techdocs:<ref>#<page>'; byte order, so one entity's
    -- fetched pages are one range of the primary key whatever the database's collation.
    source_id text COLLATE "C" NOT NULL,
    ordinal int NOT NULL,           -- 0 is the source's first passage
    origin text NOT NULL,           -- 'catalog' | 'pushed' | 'techdocs'
    provider text,                  -- a full-set push's provider
    version text NOT NULL,          -- etag or body hash: an unchanged source costs no write
    title text NOT NULL,
    url text,
    entity_ref text,                -- the entity the source is about
    owner_ref text,                 -- who answers for it: knowledge gaps are routed there
    heading text NOT NULL,          -- 'Title > Section > Subsection'
    body text NOT NULL,
    -- Entities only: the names a question may call the entity by (trigram-matched), and its
    -- relations both ways: 'ownedBy group:default/x' on the source, '~ownerOf <ref>' meaning
    -- that <ref> has this relation to the entity.
    names text NOT NULL DEFAULT '',
    relations text[] NOT NULL DEFAULT '{}',
    techdocs_ref text,              -- entities: their backstage.io/techdocs-ref, fetched by workers
    techdocs_problem text,          -- why the last fetch of it indexed nothing (null: it indexed)
    terms tsvector NOT NULL,        -- heading weighted A, body B
    -- When an embeddings endpoint is configured: the passage's vector, and its signs as bits.
    -- Without a vector index (pgvector is not packaged here), candidates are the nearest by
    -- Hamming distance of the bits, a scan of a few dozen bytes per passage, re-ranked by the
    -- vectors' cosine.
    embedding real[],
    embedding_bits bit varying,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (source_id, ordinal)
);
-- One GIN index serves full text, names and relations (any subset of its columns).
CREATE INDEX aika_passages_search ON aika_passages USING gin (terms, names public.gin_trgm_ops, relations);

-- Every question asked, its answer, and the asker's feedback: the source of the reports, the
-- knowledge gaps and the stale documents.
CREATE TABLE aika_questions (
    id uuid PRIMARY KEY,
    conversation_id uuid NOT NULL,
    asked_at timestamptz NOT NULL,
    asked_by text NOT NULL,         -- the API key's id (never the key)
    question text NOT NULL,
    answer text NOT NULL,
    answered boolean NOT NULL,
    mode text NOT NULL,             -- 'catalog' | 'model' | 'extractive' | 'fallback'
    citations jsonb NOT NULL,       -- [{sourceId, passage, title, url, entityRef, heading}]
    topic text NOT NULL,            -- the question's leading content terms, to group gaps
    owner_ref text,                 -- the owner of the closest source: where a gap is routed
    helpful boolean,
    feedback_comment text,
    feedback_at timestamptz,
    tokens int NOT NULL DEFAULT 0
);
CREATE INDEX aika_questions_conversation ON aika_questions (conversation_id, asked_at);
