-- orders-service's own store (contract C2). Flyway runs this once per schema (live and sandbox) with
-- the schema as search_path, so every name below lands in that schema; nothing here touches the monolith's tables.

-- Above any id the monolith's identity column will reach: the two sides' order ids never collide.
create sequence order_ids start with 1000000000;

create table orders (
    id             bigint primary key,
    customer_id    bigint not null,
    status         text not null,
    total          numeric(12, 2) not null,
    placed_at      timestamptz not null,
    origin         text not null check (origin in ('orders-service', 'legacy')),
    correlation_id text
);
create index orders_customer_idx on orders (customer_id, placed_at desc, id desc);

create table order_lines (
    order_id     bigint not null references orders (id),
    line_no      integer not null,
    sku          text not null,
    product_name text not null,
    unit_price   numeric(12, 2) not null,
    quantity     integer not null check (quantity > 0),
    primary key (order_id, line_no)
);

-- The monolith's outbox columns plus correlation_id; relayed by a second outbox-relay (live schema only).
create table outbox (
    sequence       bigint generated always as identity primary key,
    event_id       uuid not null unique,
    aggregate_type text not null,
    aggregate_id   text not null,
    event_type     text not null,
    payload        jsonb not null,
    occurred_at    timestamptz not null default now(),
    published_at   timestamptz,
    correlation_id text
);
create index outbox_unpublished_idx on outbox (sequence) where published_at is null;
create index outbox_correlation_idx on outbox (correlation_id);

-- Wakes a relay listening on 'outbox' as soon as events commit; it polls without it too.
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox', '');
    return null;
end
$$;
create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();

-- Idempotency-Key per customer: a claim (status null) while the checkout runs, then the answer to replay,
-- written in the order's own transaction.
create table idempotency_keys (
    customer_id  bigint not null,
    key          text not null,
    request_hash text not null,
    status       integer,
    body         text,
    order_id     bigint,
    claimed_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    primary key (customer_id, key)
);
create index idempotency_keys_expiry_idx on idempotency_keys (expires_at);

-- Projections of the monolith's events (full-state payloads).
create table products (
    sku        text primary key,
    name       text not null,
    price      numeric(12, 2) not null,
    stock      integer not null,
    updated_at timestamptz not null
);

create table customers (
    id            bigint primary key,
    email         text not null,
    name          text not null,
    registered_at timestamptz
);

-- The last event sequence applied per consumer group and aggregate (service-kit's SQL guard).
create table applied_events (
    consumer_group text not null,
    aggregate_type text not null,
    aggregate_id   text not null,
    sequence       bigint not null,
    primary key (consumer_group, aggregate_type, aggregate_id)
);
