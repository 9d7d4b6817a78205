-- A next migration, run by Klient's own role on a data directory an older Klient made as the superuser: it has to
-- own the tables (and their identity sequences), the functions and the schema those migrations created.
alter table users add column upgrade_check integer;
create index users_upgrade_check on users (upgrade_check);
alter sequence users_id_seq restart with 1000;
alter function invoices_frozen() set search_path = public;
create view upgrade_check_users as select id, email from users;
create extension if not exists pg_trgm;
