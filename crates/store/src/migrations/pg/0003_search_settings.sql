-- marsad store on PostgreSQL, schema version 3: what the search index was built with, as
-- SQLite migration 0006 (`version`: a fingerprint of the indexer's alias tables).
CREATE TABLE search_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
