-- Segment purchase criteria count an invoice as paid exactly when billing does: settled (paid_at set), so an invoice
-- paid after a correction lowered it counts too (the old index's predicate paid_total >= gross_total missed those).
-- The index keeps its name (the benchmark and the docs refer to it) with billing's predicate.
drop index invoices_paid_contact_idx;
create index invoices_paid_contact_idx on invoices (contact_id, issue_date) include (gross_total)
    where contact_id is not null and kind = 'INVOICE' and paid_at is not null;

-- A lead keeps the language its person used (the web form's), and the contact it becomes prefers that language, so
-- campaigns reach it in its own language. Leads from before: the language their consents were recorded in; contacts
-- already converted from such a lead without a language of their own get it too.
alter table leads add column language varchar(5);
update leads l set language = (select c.language from consents c
                               where c.lead_id = l.id and c.language ~ '^[a-z]{2}$' order by c.id desc limit 1)
where l.language is null and l.source = 'WEB_FORM';
update contacts c set preferred_language = l.language
from leads l
where l.contact_id = c.id and l.language is not null and c.preferred_language is null;
