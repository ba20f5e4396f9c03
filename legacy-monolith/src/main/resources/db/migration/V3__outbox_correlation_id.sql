-- The request an event came from (its X-Request-Id), so one request can be followed from the proxy
-- through the outbox, the streams and every consumer. Null where no request caused the change
-- (seeding, scheduled work) and for every event written before this column existed.
alter table outbox add column correlation_id text;
