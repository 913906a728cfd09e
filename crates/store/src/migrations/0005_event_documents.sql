-- Event documents move out of `events` into their own table, so that listing, counting and
-- filtering read narrow rows (~150 bytes) instead of each event's ~1.5 KB JSON: a filter the
-- indexes do not cover then scans a tenth of the pages. `seq` ties a document to its row.
-- admin2/admin3 become plain columns (they were generated from the JSON). The table is
-- rebuilt (SQLite cannot drop a column others are generated from); schema.rs turns foreign
-- keys off around migrations and checks them before committing.
CREATE TABLE event_documents (
    seq  INTEGER PRIMARY KEY,
    json TEXT NOT NULL
);
INSERT INTO event_documents (seq, json) SELECT seq, json FROM events;

CREATE TABLE events_narrow (
    event_id       TEXT PRIMARY KEY,
    seq            INTEGER NOT NULL UNIQUE,
    event_date     TEXT NOT NULL,
    window_start   TEXT NOT NULL,
    window_end     TEXT NOT NULL,
    time_precision INTEGER NOT NULL,
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1         TEXT NOT NULL,
    assoc_actor_1  TEXT NOT NULL,
    actor2         TEXT NOT NULL,
    assoc_actor_2  TEXT NOT NULL,
    admin1         TEXT,
    admin1_pcode   TEXT,
    admin2         TEXT,
    admin2_pcode   TEXT,
    admin3         TEXT,
    admin3_pcode   TEXT,
    latitude       REAL,
    longitude      REAL,
    fatalities     INTEGER NOT NULL,
    review_status  TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
INSERT INTO events_narrow
    SELECT event_id, seq, event_date, window_start, window_end, time_precision, event_type,
           sub_event_type, actor1, assoc_actor_1, actor2, assoc_actor_2, admin1, admin1_pcode,
           admin2, admin2_pcode, admin3, admin3_pcode, latitude, longitude, fatalities,
           review_status, created_at, updated_at
    FROM events;
DROP TABLE events;
ALTER TABLE events_narrow RENAME TO events;

CREATE INDEX events_event_date ON events(event_date, seq);
-- Governorate filters compare without case (`deir-ez-zor`, `sy09`): indexes in that collation,
-- with the date for ranges within a governorate.
CREATE INDEX events_admin1 ON events(admin1 COLLATE NOCASE, event_date);
CREATE INDEX events_admin1_pcode ON events(admin1_pcode COLLATE NOCASE, event_date);
CREATE INDEX events_admin2 ON events(admin2 COLLATE NOCASE);
CREATE INDEX events_admin2_pcode ON events(admin2_pcode COLLATE NOCASE);
CREATE INDEX events_admin3 ON events(admin3 COLLATE NOCASE);
CREATE INDEX events_admin3_pcode ON events(admin3_pcode COLLATE NOCASE);
CREATE INDEX events_review_status ON events(review_status, event_date);
CREATE INDEX events_fatalities ON events(fatalities, seq);
CREATE INDEX events_updated_at ON events(updated_at, seq);

CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO search_pending (kind, id) SELECT 'event', NEW.event_id
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'event' AND id = NEW.event_id);
END;
-- A changed document queues its event for the search index, as the trigger on events.json did.
CREATE TRIGGER event_documents_search_update AFTER UPDATE OF json ON event_documents BEGIN
    INSERT INTO search_pending (kind, id) SELECT 'event', e.event_id FROM events e
        WHERE e.seq = NEW.seq
          AND NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'event' AND id = e.event_id);
END;
-- A retired event takes its document with it.
CREATE TRIGGER events_document_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_documents WHERE seq = OLD.seq;
END;
