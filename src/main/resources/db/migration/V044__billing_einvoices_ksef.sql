-- E-invoices. The structured XML of an issued invoice (FA(3) for a Polish seller) is kept exactly as issued: its
-- SHA-256 identifies the invoice in KSeF and on the printed QR code, and the XML carries the moment it was made, so
-- building it again would give another document.
create table invoice_files (
    invoice_id bigint                   not null references invoices (id),
    format     varchar(10)              not null check (format in ('FA3')),
    content    bytea                    not null,
    sha256     bytea                    not null check (length(sha256) = 32),
    created_at timestamp with time zone not null default now(),
    primary key (invoice_id, format)
);

-- The company's link to KSeF (one row). The token is kept as the other secrets are until the security work
-- encrypts them all (issue 23).
create table ksef_settings (
    id          smallint primary key default 1 check (id = 1),
    enabled     boolean                  not null default false,
    environment varchar(12)              not null default 'TEST' check (environment in ('TEST', 'DEMO', 'PRODUCTION')),
    token       varchar(2000),
    enabled_at  timestamp with time zone,
    updated_at  timestamp with time zone not null default now(),
    version     integer                  not null default 0
);
insert into ksef_settings (id) values (1);

-- Each Polish invoice's way to KSeF, queued in the transaction that issues it. WAITING: not yet sent (offline: issued
-- while KSeF was unavailable, sent later); SENT: in a session, its status not yet known; ACCEPTED: KSeF gave it a
-- number (and the UPO); REJECTED: KSeF refused it, with its code and reason.
create table ksef_submissions (
    invoice_id         bigint primary key references invoices (id),
    state              varchar(10)              not null check (state in ('WAITING', 'SENT', 'ACCEPTED', 'REJECTED')),
    offline            boolean                  not null default false,
    invoice_hash       bytea check (length(invoice_hash) = 32), -- the SHA-256 of the FA(3) XML sent
    ksef_number        varchar(40) unique,
    session_reference  varchar(64),
    invoice_reference  varchar(64),
    status_code        integer,
    status_description varchar(500),
    status_details     text,
    upo                bytea,
    attempts           integer                  not null default 0,
    next_attempt_at    timestamp with time zone not null default now(),
    queued_at          timestamp with time zone not null default now(),
    sent_at            timestamp with time zone,
    accepted_at        timestamp with time zone,
    updated_at         timestamp with time zone not null default now(),
    version            integer                  not null default 0
);
create index ksef_submissions_due on ksef_submissions (next_attempt_at) where state in ('WAITING', 'SENT');
create index ksef_submissions_state on ksef_submissions (state, queued_at);
