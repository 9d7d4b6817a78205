-- Many like notices at once (a rule acting on each row of an import) fold into one per person: the group they
-- belong to, how many the notice holds and the first few names it shows.
alter table notifications add column group_key varchar(200);
alter table notifications add column group_count integer not null default 1;
alter table notifications add column group_names text[];
create index notifications_group_idx on notifications (user_id, group_key, created_at desc)
    where group_key is not null and read_at is null;
