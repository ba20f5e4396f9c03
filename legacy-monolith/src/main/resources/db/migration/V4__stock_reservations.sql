-- Stock held for a checkout that happens elsewhere (orders-service), through the internal API:
-- taken at once like a checkout takes it, then CONFIRMED when that order is imported here, or
-- RELEASED (stock put back) by the caller's compensation or the sweeper once it is stale.
create table stock_reservations (
    reservation_id text primary key,
    status         text not null check (status in ('HELD', 'CONFIRMED', 'RELEASED')),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
-- The sweeper looks for stale HELD reservations only.
create index stock_reservations_held_idx on stock_reservations (created_at) where status = 'HELD';

create table stock_reservation_lines (
    reservation_id text not null references stock_reservations (reservation_id),
    sku            text not null references products (sku),
    quantity       integer not null check (quantity > 0),
    stock_after    integer not null,
    primary key (reservation_id, sku)
);

-- Orders imported from orders-service keep their own ids, which start at 1,000,000,000 (its
-- order_ids sequence). The monolith's own ids stop below that, so the two can never collide: its
-- identity fails loudly at 999,999,999 instead of handing out an id that is taken.
alter table orders alter column id set maxvalue 999999999;
