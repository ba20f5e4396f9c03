-- The product backfill's progress (one row): the page to resume at while a run is under way, and when the last run
-- completed. A start backfills only while no run has completed (an empty projection, or one filled from a trimmed stream).
create table product_backfill (
    id           boolean primary key default true check (id),
    source       text not null,
    next_page    integer not null default 0,
    started_at   timestamptz not null default now(),
    completed_at timestamptz,
    products     bigint
);
