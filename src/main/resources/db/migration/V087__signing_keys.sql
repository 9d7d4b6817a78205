-- One table for the keys that sign links (tracking links, a customer's loyalty page), one row per name; the keys
-- already made move over, so the links already sent keep working.
create table signing_keys (
    name        varchar(40) primary key,
    signing_key bytea                    not null check (length(signing_key) >= 32),
    created_at  timestamp with time zone not null default now()
);
insert into signing_keys (name, signing_key, created_at) select 'marketing', signing_key, created_at from marketing_keys;
insert into signing_keys (name, signing_key) select 'loyalty', signing_key from loyalty_keys;
drop table marketing_keys;
drop table loyalty_keys;
