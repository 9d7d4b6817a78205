-- What people see of KSeF (issue 17). Sending a rejected invoice again is a person's change of its way to KSeF, made
-- from the version they saw; the one versioned update path finds rows by id, so the row carries its invoice's id
-- under that name too (computed, never written).
alter table ksef_submissions add column id bigint generated always as (invoice_id) stored;
create unique index ksef_submissions_id on ksef_submissions (id);

-- With KSeF switched off, the list shows the Polish invoices that would be sent: read by seller country and date.
create index invoices_seller_country_issue_date on invoices (seller_country, issue_date desc, id desc);
