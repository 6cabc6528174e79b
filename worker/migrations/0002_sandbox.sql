-- The embedded PassTo sandbox (development only; worker/sandbox/): its one-time codes with the
-- cashier session each opens, and the webhook deliveries it makes to the gateway, retried as
-- PassTo retries them (on a shortened schedule).
CREATE TABLE IF NOT EXISTS sandbox_codes (
  ident_code TEXT PRIMARY KEY,                     -- 32 hex, issued by identify/auth
  plat_id TEXT NOT NULL,
  session_sign TEXT,                               -- same value again: this code is returned
  custom_no TEXT NOT NULL,
  customer_token TEXT NOT NULL,                    -- the platform's user token (sent back as `token`)
  token_expire INTEGER NOT NULL,                   -- ms, as given
  callback_url TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  lang TEXT NOT NULL,                              -- identify/auth's lang header
  credit_limit_tag TEXT,
  credit_limit_cards TEXT,                         -- JSON of credit_limit_available_cards, if given
  created_at INTEGER NOT NULL,                     -- ms since epoch
  expires_at INTEGER NOT NULL,                     -- ms; an unused code is refused after this
  used_at INTEGER,                                 -- ms; set once by the exchange (identify/redirect)
  open_token TEXT,                                 -- "Bearer <JWT>" given by that exchange: the cashier session
  session_expires_at INTEGER,                      -- ms; the JWT's exp
  last_order_no TEXT,                              -- the order of the last payment (REFUND refers to it)
  last_amount TEXT,
  last_result TEXT                                 -- success, fail or timeout: the result sent to callback_url
);
CREATE INDEX IF NOT EXISTS sandbox_codes_session ON sandbox_codes (plat_id, session_sign, created_at);

CREATE TABLE IF NOT EXISTS sandbox_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  ident_code TEXT NOT NULL,                        -- the cashier session that sent it
  type TEXT NOT NULL,
  url TEXT NOT NULL,                               -- the gateway URL it is dispatched to
  path TEXT NOT NULL,                              -- the path it is signed over: /v1/webhooks
  body TEXT NOT NULL,                              -- the first delivery's body (retry 0)
  token TEXT NOT NULL,                             -- the token header (the customer_token)
  attempts INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  next_attempt_at INTEGER,                         -- ms; set while pending
  last_status INTEGER,                             -- the gateway's last HTTP status (null: no answer)
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sandbox_deliveries_due ON sandbox_deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS sandbox_deliveries_session ON sandbox_deliveries (ident_code, id);
