-- Each invoice goes to the KSeF environment it was queued for (issue 17): switching the settings from TEST to
-- PRODUCTION must not send invoices made while testing to production, nor change the QR code printed on them.
-- Rows queued before this column existed were queued for the environment then set. The queue always names the
-- environment; the default only serves rows written by hand (tests, repairs), TEST being the harmless one.
alter table ksef_submissions add column environment varchar(12);
update ksef_submissions set environment = (select environment from ksef_settings where id = 1);
alter table ksef_submissions
    alter column environment set not null,
    alter column environment set default 'TEST',
    add constraint ksef_submissions_environment check (environment in ('TEST', 'DEMO', 'PRODUCTION'));

-- Why KSeF could not be reached, for the settings page (issue 17): a cause code (CONNECTION_REFUSED, TIMEOUT,
-- NETWORK, HTTP) with the HTTP status when there was one, and the address the job actually called. Words are chosen
-- when the page is shown, in the reader's language.
alter table ksef_settings
    add column last_problem_cause  varchar(20),
    add column last_problem_status integer,
    add column last_problem_url    varchar(500);
