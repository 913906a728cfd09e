-- marsad store, schema version 1.
-- Dates are TEXT 'YYYY-MM-DD' (they sort as dates); instants are unix seconds.

CREATE TABLE articles (
    id               TEXT PRIMARY KEY,
    current_revision INTEGER NOT NULL
);

CREATE TABLE article_revisions (
    article_id   TEXT NOT NULL REFERENCES articles(id),
    revision     INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    url          TEXT,
    outlet       TEXT,
    outlet_ar    TEXT,
    title        TEXT,
    published    TEXT,
    text         TEXT NOT NULL,
    removed_json TEXT NOT NULL,
    origin       TEXT NOT NULL,
    ingested_at  INTEGER NOT NULL,
    UNIQUE (article_id, revision)
);
CREATE INDEX article_revisions_content_hash ON article_revisions(content_hash);

CREATE TABLE warnings (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    origin     TEXT NOT NULL,
    line       INTEGER,
    article_id TEXT,
    message    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX warnings_article_id ON warnings(article_id);

CREATE TABLE events (
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
    latitude       REAL,
    longitude      REAL,
    fatalities     INTEGER NOT NULL,
    review_status  TEXT NOT NULL,
    json           TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX events_event_date ON events(event_date, seq);
CREATE INDEX events_admin1 ON events(admin1);
CREATE INDEX events_admin1_pcode ON events(admin1_pcode);

CREATE TABLE event_articles (
    event_id   TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    PRIMARY KEY (event_id, article_id)
);
CREATE INDEX event_articles_article_id ON event_articles(article_id);

CREATE TABLE article_facts (
    article_id TEXT NOT NULL,
    ord        INTEGER NOT NULL,
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
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    summary_json TEXT NOT NULL
);

CREATE TABLE audit (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL REFERENCES events(event_id),
    at       TEXT NOT NULL,
    by       TEXT NOT NULL,
    field    TEXT NOT NULL,
    before   TEXT,
    after    TEXT,
    reason   TEXT
);
CREATE INDEX audit_event_id ON audit(event_id);
