-- One shared schema for every subdomain: that coupling is exactly what the strangler migration
-- has to untangle later, so it is kept on purpose.

create table categories (
    slug        text primary key,
    name        text not null
);

create table products (
    sku         text primary key,
    name        text not null,
    description text not null default '',
    price       numeric(12, 2) not null check (price >= 0),
    category    text not null references categories (slug),
    stock       integer not null default 0 check (stock >= 0),
    updated_at  timestamptz not null default now(),
    -- Kept by PostgreSQL so text search needs no application-side indexing.
    search      tsvector generated always as (
                    to_tsvector('english', name || ' ' || description)) stored
);
create index products_category_idx on products (category);
create index products_price_idx on products (price);
create index products_updated_at_idx on products (updated_at);
create index products_search_idx on products using gin (search);

create table customers (
    id            bigint generated always as identity primary key,
    email         text not null,
    password_hash text not null,
    name          text not null,
    registered_at timestamptz not null default now()
);
-- Emails are compared case-insensitively: "Ann@x.io" and "ann@x.io" are one customer.
create unique index customers_email_uq on customers (lower(email));

create table orders (
    id          bigint generated always as identity primary key,
    customer_id bigint not null references customers (id),
    status      text not null,
    total       numeric(12, 2) not null,
    placed_at   timestamptz not null default now()
);
create index orders_customer_idx on orders (customer_id, placed_at desc);

create table order_lines (
    order_id     bigint not null references orders (id),
    line_no      integer not null,
    sku          text not null references products (sku),
    product_name text not null,
    unit_price   numeric(12, 2) not null,
    quantity     integer not null check (quantity > 0),
    primary key (order_id, line_no)
);

-- Transactional outbox: written in the same transaction as the change it describes.
create table outbox (
    sequence       bigint generated always as identity primary key,
    event_id       uuid not null unique,
    aggregate_type text not null,
    aggregate_id   text not null,
    event_type     text not null,
    payload        jsonb not null,
    occurred_at    timestamptz not null default now(),
    published_at   timestamptz
);
create index outbox_unpublished_idx on outbox (sequence) where published_at is null;
