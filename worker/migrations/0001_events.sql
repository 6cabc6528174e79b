-- The gateway's durable event log: one row per PassTo event_id (exactly once), with the
-- payload exactly as PassTo sent it and the state of its forwarding to the platform backend.
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,           -- insertion order: the listing cursor
  event_id TEXT NOT NULL UNIQUE,                   -- PassTo's id; the deduplication key
  type TEXT NOT NULL,
  trace TEXT,                                      -- the trace header of the first delivery
  payload TEXT NOT NULL,                           -- the body exactly as received
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'stored')),
  attempts INTEGER NOT NULL DEFAULT 0,             -- forwarding attempts made
  claim INTEGER NOT NULL DEFAULT 0,                -- bumped by every claim and requeue: fences stale outcomes
  received_at INTEGER NOT NULL,                    -- ms since epoch
  next_attempt_at INTEGER,                         -- ms; set while pending
  last_error TEXT,
  delivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS events_due ON events (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS events_received ON events (received_at);
CREATE INDEX IF NOT EXISTS events_type ON events (type, seq);
