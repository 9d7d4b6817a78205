-- The CSV import stored {NULL} for a missing e-mail or phone, and such a contact broke every page that showed it:
-- the lists are emptied of NULLs and can never hold one again.
update contacts set emails = array_remove(emails, null) where array_position(emails, null) is not null;
update contacts set phones = array_remove(phones, null) where array_position(phones, null) is not null;
alter table contacts add constraint contacts_emails_no_null check (array_position(emails, null) is null);
alter table contacts add constraint contacts_phones_no_null check (array_position(phones, null) is null);
