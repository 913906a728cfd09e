-- Followed sources (`marsad watch`): each source's state and health, and every feed item seen,
-- so a restarted watcher fetches nothing twice. Instants are unix seconds.
CREATE TABLE watch_sources (
    name                 TEXT PRIMARY KEY,
    url                  TEXT NOT NULL,
    etag                 TEXT,
    last_modified        TEXT,
    last_poll_at         INTEGER,
    last_success_at      INTEGER,
    last_error_at        INTEGER,
    last_error           TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    polls                INTEGER NOT NULL DEFAULT 0,
    items_seen           INTEGER NOT NULL DEFAULT 0,
    items_new            INTEGER NOT NULL DEFAULT 0,
    pages_failed         INTEGER NOT NULL DEFAULT 0
);

-- One row per item key: the canonical article URL (or `feed:<source>:<item id>` for an item
-- without a link). status: page | feed | duplicate | empty | retry | failed.
CREATE TABLE watch_items (
    key           TEXT PRIMARY KEY,
    source        TEXT NOT NULL,
    article_id    TEXT,
    status        TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    first_seen_at INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX watch_items_source ON watch_items(source);
