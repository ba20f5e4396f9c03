-- Wakes the outbox relay as soon as events commit (it runs LISTEN outbox): notifications are
-- delivered at commit, one per transaction at most (same channel and payload fold into one).
-- The relay polls without it too; this only cuts the latency to milliseconds.
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox', '');
    return null;
end
$$;

create trigger outbox_notify after insert on outbox
    for each statement execute function outbox_notify();
