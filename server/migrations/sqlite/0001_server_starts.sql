-- Each start of a server process, with the content it loaded: lets an operator see when the
-- course changed and which build served it.
CREATE TABLE server_starts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    version     TEXT    NOT NULL,
    content     TEXT    NOT NULL -- JSON object of content counts, as /healthz reports them
);
