-- marsad store on PostgreSQL, schema version 1: the tables of SQLite migrations 0001-0003 in
-- one step. Dates stay TEXT 'YYYY-MM-DD' (they sort as dates, as in SQLite); instants are unix
-- seconds; every integer is BIGINT so one Rust type binds every integer column.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE articles (
    id               TEXT PRIMARY KEY,
    current_revision BIGINT NOT NULL
);

CREATE TABLE article_revisions (
    article_id   TEXT NOT NULL REFERENCES articles(id),
    revision     BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    url          TEXT,
    outlet       TEXT,
    outlet_ar    TEXT,
    title        TEXT,
    published    TEXT,
    text         TEXT NOT NULL,
    removed_json TEXT NOT NULL,
    origin       TEXT NOT NULL,
    ingested_at  BIGINT NOT NULL,
    PRIMARY KEY (article_id, revision)
);
CREATE INDEX article_revisions_content_hash ON article_revisions(content_hash);

CREATE TABLE warnings (
    id         BIGSERIAL PRIMARY KEY,
    origin     TEXT NOT NULL,
    line       BIGINT,
    article_id TEXT,
    message    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX warnings_article_id ON warnings(article_id);

-- The columns before `json` are derived from it by the writer (filters and indexes).
CREATE TABLE events (
    event_id       TEXT PRIMARY KEY,
    seq            BIGINT NOT NULL UNIQUE,
    event_date     TEXT NOT NULL,
    window_start   TEXT NOT NULL,
    window_end     TEXT NOT NULL,
    time_precision BIGINT NOT NULL,
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
    location_ar    TEXT,
    latitude       DOUBLE PRECISION,
    longitude      DOUBLE PRECISION,
    fatalities     BIGINT NOT NULL,
    review_status  TEXT NOT NULL,
    json           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX events_event_date ON events(event_date, seq);
CREATE INDEX events_admin1 ON events(lower(admin1), event_date);
CREATE INDEX events_admin1_pcode ON events(lower(admin1_pcode), event_date);
CREATE INDEX events_admin2 ON events(lower(admin2));
CREATE INDEX events_admin2_pcode ON events(lower(admin2_pcode));
CREATE INDEX events_admin3 ON events(lower(admin3));
CREATE INDEX events_admin3_pcode ON events(lower(admin3_pcode));
CREATE INDEX events_review_status ON events(review_status, event_date);
CREATE INDEX events_fatalities ON events(fatalities, seq);
CREATE INDEX events_updated_at ON events(updated_at, seq);
CREATE INDEX events_location_ar ON events(location_ar);
-- Fuzzy and substring actor names (the `actor` filter is a case-insensitive substring):
-- trigram indexes let LIKE '%name%' use an index instead of scanning every event.
CREATE INDEX events_actor1_trgm ON events USING gin (lower(actor1) gin_trgm_ops);
CREATE INDEX events_actor2_trgm ON events USING gin (lower(actor2) gin_trgm_ops);
CREATE INDEX events_assoc_actor_1_trgm ON events USING gin (lower(assoc_actor_1) gin_trgm_ops);
CREATE INDEX events_assoc_actor_2_trgm ON events USING gin (lower(assoc_actor_2) gin_trgm_ops);

CREATE TABLE event_articles (
    event_id   TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    PRIMARY KEY (event_id, article_id)
);
CREATE INDEX event_articles_article_id ON event_articles(article_id);

CREATE TABLE article_facts (
    article_id TEXT NOT NULL,
    ord        BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    json       TEXT NOT NULL,
    PRIMARY KEY (article_id, ord)
);

CREATE TABLE unresolved_places (
    name_ar    TEXT NOT NULL,
    article_id TEXT NOT NULL,
    -- '' when the mention belongs to no event, so the key stays unique.
    event_id   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (name_ar, article_id, event_id)
);

CREATE TABLE places (
    source    TEXT NOT NULL,
    source_id TEXT NOT NULL,
    json      TEXT NOT NULL,
    PRIMARY KEY (source, source_id)
);

CREATE TABLE ingest_runs (
    id           BIGSERIAL PRIMARY KEY,
    at           BIGINT NOT NULL,
    summary_json TEXT NOT NULL
);

CREATE TABLE audit (
    id       BIGSERIAL PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(event_id),
    at       TEXT NOT NULL,
    by       TEXT NOT NULL,
    field    TEXT NOT NULL,
    before   TEXT,
    after    TEXT,
    reason   TEXT
);
CREATE INDEX audit_event_id ON audit(event_id);

-- Full-text search over normalized, folded terms (the caller folds, as for SQLite's FTS5):
-- the `simple` configuration only lower-cases and splits, so no stemming touches Arabic.
CREATE TABLE article_search (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    document   TSVECTOR NOT NULL
);
CREATE INDEX article_search_document ON article_search USING gin (document);
CREATE TABLE event_search (
    seq      BIGINT PRIMARY KEY,
    document TSVECTOR NOT NULL
);
CREATE INDEX event_search_document ON event_search USING gin (document);

-- Documents written since they were last indexed; writers fill it, the indexer drains it.
CREATE TABLE search_pending (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);

-- API bearer tokens: only the SHA-256 of each secret is kept.
CREATE TABLE api_tokens (
    name       TEXT PRIMARY KEY,
    hash       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Analyst changes to places (coordinates), kept forever like the event audit.
CREATE TABLE place_audit (
    id      BIGSERIAL PRIMARY KEY,
    name_ar TEXT NOT NULL,
    at      TEXT NOT NULL,
    by      TEXT NOT NULL,
    field   TEXT NOT NULL,
    before  TEXT,
    after   TEXT,
    reason  TEXT
);
CREATE INDEX place_audit_name ON place_audit(name_ar);

-- Report-level events: each article's own telling of each event (see SQLite 0003).
CREATE TABLE reports (
    article_id   TEXT NOT NULL,
    idx          BIGINT NOT NULL,
    event_id     TEXT,
    event_date   TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end   TEXT NOT NULL,
    admin1_pcode TEXT,
    json         TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX reports_window ON reports(window_start, window_end);
CREATE INDEX reports_event ON reports(event_id);
