-- A saved report sent by e-mail: daily, weekly (on a weekday, 1 = Monday) or monthly (on a day of the month; a
-- shorter month sends on its last day) at an hour of its owner's time zone, to Klient users, each of whom gets it as
-- they would see it. next_run_at is when it is due; the job claims a due row (for update skip locked) and in the same
-- transaction puts every recipient's message in the outbox and moves next_run_at on, so a node stopped halfway sends
-- nothing and the run is done again, once.
create table analytics_report_schedules (
    id              bigint                   primary key references analytics_reports (id) on delete cascade,
    frequency       varchar(10)              not null check (frequency in ('DAILY', 'WEEKLY', 'MONTHLY')),
    weekday         smallint                 check (weekday between 1 and 7),
    day_of_month    smallint                 check (day_of_month between 1 and 31),
    hour            smallint                 not null check (hour between 0 and 23),
    recipients      bigint[]                 not null default '{}',
    paused          boolean                  not null default false,
    next_run_at     timestamp with time zone not null,
    last_run_at     timestamp with time zone,
    last_outcome    varchar(10)              check (last_outcome in ('SENT', 'FAILED')),
    last_sent_to    integer,
    last_problem    varchar(200),
    created_at      timestamp with time zone not null default now(),
    updated_at      timestamp with time zone not null default now(),
    version         integer                  not null default 0,
    check (frequency <> 'WEEKLY' or weekday is not null),
    check (frequency <> 'MONTHLY' or day_of_month is not null)
);
-- the job's question every minute: what is due
create index analytics_report_schedules_due_idx on analytics_report_schedules (next_run_at) where not paused;
