-- marsad store, schema version 2: Arabic full-text search, API tokens, place review audit,
-- and admin2/admin3 filters for the API.

-- admin2/admin3 live in the event JSON; generated columns make them filterable and indexable
-- without touching the writers.
ALTER TABLE events ADD COLUMN admin2 TEXT
    GENERATED ALWAYS AS (json_extract(json, '$.admin2')) VIRTUAL;
ALTER TABLE events ADD COLUMN admin2_pcode TEXT
    GENERATED ALWAYS AS (json_extract(json, '$.admin2_pcode')) VIRTUAL;
ALTER TABLE events ADD COLUMN admin3 TEXT
    GENERATED ALWAYS AS (json_extract(json, '$.admin3')) VIRTUAL;
ALTER TABLE events ADD COLUMN admin3_pcode TEXT
    GENERATED ALWAYS AS (json_extract(json, '$.admin3_pcode')) VIRTUAL;
CREATE INDEX events_admin2 ON events(admin2 COLLATE NOCASE);
CREATE INDEX events_admin2_pcode ON events(admin2_pcode COLLATE NOCASE);
CREATE INDEX events_admin3 ON events(admin3 COLLATE NOCASE);
CREATE INDEX events_admin3_pcode ON events(admin3_pcode COLLATE NOCASE);
CREATE INDEX events_review_status ON events(review_status, event_date);
CREATE INDEX events_fatalities ON events(fatalities, seq);
CREATE INDEX events_updated_at ON events(updated_at, seq);

-- Full-text search over normalized, folded terms (the caller folds; FTS5's unicode61 breaks
-- Arabic marks, so raw text is never indexed). rowid = articles.rowid / events.seq.
CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE event_search USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 0'
);

-- Documents written since they were last indexed; triggers fill it, the indexer drains it.
-- (NOT EXISTS, not OR IGNORE: an outer UPSERT's conflict policy overrides a trigger's.)
CREATE TABLE search_pending (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO search_pending (kind, id) SELECT 'event', NEW.event_id
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'event' AND id = NEW.event_id);
END;
CREATE TRIGGER events_search_update AFTER UPDATE OF json ON events BEGIN
    INSERT INTO search_pending (kind, id) SELECT 'event', NEW.event_id
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'event' AND id = NEW.event_id);
END;
CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO search_pending (kind, id) SELECT 'article', NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'article' AND id = NEW.id);
END;
CREATE TRIGGER articles_search_update AFTER UPDATE OF current_revision ON articles BEGIN
    INSERT INTO search_pending (kind, id) SELECT 'article', NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'article' AND id = NEW.id);
END;

INSERT OR IGNORE INTO search_pending (kind, id) SELECT 'event', event_id FROM events;
INSERT OR IGNORE INTO search_pending (kind, id) SELECT 'article', id FROM articles;

-- API bearer tokens: only the SHA-256 of each secret is kept.
CREATE TABLE api_tokens (
    name       TEXT PRIMARY KEY,
    hash       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Analyst changes to places (coordinates), kept forever like the event audit.
CREATE TABLE place_audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    name_ar TEXT NOT NULL,
    at      TEXT NOT NULL,
    by      TEXT NOT NULL,
    field   TEXT NOT NULL,
    before  TEXT,
    after   TEXT,
    reason  TEXT
);
CREATE INDEX place_audit_name ON place_audit(name_ar);
