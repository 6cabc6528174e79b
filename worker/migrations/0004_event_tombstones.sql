-- What is left of an event after retention purged its payload: its key, so that the same signed
-- bytes replayed later (the timestamp header is not signed) are still a duplicate, not a new event.
-- Kept EVENT_TOMBSTONE_DAYS (365 by default) from receipt.
CREATE TABLE IF NOT EXISTS event_tombstones (
  event_id TEXT PRIMARY KEY,                       -- the event key, as in events.event_id
  received_at INTEGER NOT NULL                     -- ms since epoch, when the event first arrived
);
CREATE INDEX IF NOT EXISTS event_tombstones_received ON event_tombstones (received_at);
