-- KPI figures kept for the dashboards: a dashboard computed live on the generated million-contact database took
-- 3 to 17 seconds. One row per question asked (the KPI, its filters, period and time zone, with or without the
-- trend: everything the figure depends on, so a salesperson's own figure is never another reader's); the figure as
-- JSON, when it was computed (every reader is told how old it is) and kept (two refreshes asked while one computes
-- share its figure); when it was last read (the warm-up job keeps
-- what was read in the last day fresh, and forgets what nobody read for a week); and the lease of the node computing
-- it, so two nodes never compute the same figure at once.
create table analytics_kpi_snapshots (
    key          varchar(500) primary key,
    kpi_id       varchar(60)  not null,
    filters      jsonb        not null,
    period_from  date         not null,
    period_to    date         not null,
    zone         varchar(60)  not null,
    with_trend   boolean      not null,
    measures     jsonb,
    computed_at  timestamptz,
    kept_at      timestamptz,
    last_read_at timestamptz  not null default now(),
    leased_until timestamptz,
    leased_by    varchar(100)
);

create index analytics_kpi_snapshots_read_idx on analytics_kpi_snapshots (last_read_at);

-- The countries and currencies a dashboard's filters offer, read by skipping from one value to the next in these
-- (SELECT DISTINCT over a million contacts took 1.2 s of every dashboard on the generated database; this, 20 ms).
create index contacts_country_idx on contacts (country) where country is not null;
create index companies_country_idx on companies (country) where country is not null;
create index invoices_currency_idx on invoices (currency);
create index deals_currency_idx on deals (currency) where currency is not null;
