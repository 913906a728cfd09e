-- marsad store, schema version 6: a deleted event leaves the event search index with it, so
-- the index's match counts are event counts (the API counts a text query's matches there).
CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_search WHERE rowid = OLD.seq;
END;
DELETE FROM event_search WHERE rowid NOT IN (SELECT seq FROM events);

-- What the search index was built with (`version`: a fingerprint of the indexer's alias
-- tables): when the indexer's differs, every document is queued again.
CREATE TABLE search_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
