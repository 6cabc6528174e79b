-- The lease of a forwarding attempt in flight, apart from next_attempt_at: a redelivery resets
-- next_attempt_at to now but must not start a second attempt beside the one in flight
-- (worker/store/event-log.ts: claimAttempt, recordAttempt, requeueEvent).
ALTER TABLE events ADD COLUMN leased_until INTEGER;  -- ms; no attempt may be claimed before it
ALTER TABLE events ADD COLUMN lease_claim INTEGER;   -- the claim that holds the lease (releases it when it ends)
