-- Each person's own dashboard: the KPI tiles in their order. A person without a row sees their role's tiles; the
-- first change stores them.
create table analytics_dashboards (
    id         bigint primary key references users (id), -- the person's own user id
    tiles      varchar(60)[]            not null check (cardinality(tiles) <= 40),
    updated_at timestamp with time zone not null default now(),
    version    integer                  not null default 0
);
