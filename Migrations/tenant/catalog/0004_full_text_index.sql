-- Substring search over name, title, description and tags (fullTextFilterTerm).
CREATE INDEX entities_search_text ON entities USING gin (search_text public.gin_trgm_ops);
