-- marsad store on PostgreSQL, schema version 2: followed sources (`marsad watch`), as SQLite
-- migration 0004. Instants are unix seconds.
CREATE TABLE watch_sources (
    name                 TEXT PRIMARY KEY,
    url                  TEXT NOT NULL,
    etag                 TEXT,
    last_modified        TEXT,
    last_poll_at         BIGINT,
    last_success_at      BIGINT,
    last_error_at        BIGINT,
    last_error           TEXT,
    consecutive_failures BIGINT NOT NULL DEFAULT 0,
    polls                BIGINT NOT NULL DEFAULT 0,
    items_seen           BIGINT NOT NULL DEFAULT 0,
    items_new            BIGINT NOT NULL DEFAULT 0,
    pages_failed         BIGINT NOT NULL DEFAULT 0
);

-- One row per item key: the canonical article URL (or `feed:<source>:<item id>`).
CREATE TABLE watch_items (
    key           TEXT PRIMARY KEY,
    source        TEXT NOT NULL,
    article_id    TEXT,
    status        TEXT NOT NULL,
    attempts      BIGINT NOT NULL DEFAULT 0,
    first_seen_at BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX watch_items_source ON watch_items(source);
