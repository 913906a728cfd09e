-- Report-level events: each article's own telling of each event, kept so fusion can be
-- recomputed from the reports themselves (order-independent) rather than from merged events.
CREATE TABLE reports (
    article_id   TEXT NOT NULL,
    idx          INTEGER NOT NULL,
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
