-- The KSeF job's memory of its contact with KSeF, for the settings page (a problem is a message code such as
-- ksef.problem.tokenRefused, worded for whoever reads it): when KSeF last answered, the last problem and since when
-- KSeF has been unavailable (null while it answers), and when its limits let the job ask again (429 Retry-After).
alter table ksef_settings
    add column last_contact_at   timestamp with time zone,
    add column last_problem      varchar(60),
    add column last_problem_at   timestamp with time zone,
    add column unavailable_since timestamp with time zone,
    add column blocked_until     timestamp with time zone;

-- A row is claimed by one job run for a while (claim + claimed_until) in a short transaction and worked on without
-- one: the HTTP calls to KSeF never hold a database transaction open, and a node that dies mid-way only delays the
-- row until its claim runs out. problem: why a waiting row waits (a message code), null when nothing stops it.
alter table ksef_submissions
    add column claim         uuid,
    add column claimed_until timestamp with time zone,
    add column problem       varchar(60),
    add column invoicing_mode varchar(10) check (invoicing_mode in ('Online', 'Offline'));

-- Many waiting invoices go in one batch session (a ZIP); its invoices are found afterwards by their hash, since KSeF
-- gives each its reference only once it has unpacked the batch.
alter table ksef_submissions add column batch boolean not null default false;
