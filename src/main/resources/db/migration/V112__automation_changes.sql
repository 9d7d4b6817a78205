-- What changed, written by the database itself in the same transaction as the change, so rules and webhooks see
-- every change whichever code made it (a page, the API, an import, a job) and lose none when a node stops: the rows
-- are the queue the automation dispatcher claims. Nothing is written for a kind of record no enabled rule or
-- subscription watches (automation_watched), so a bulk import into an unwatched table pays one lookup a statement.
create table automation_watched (
    record_type varchar(30) primary key
);

create table automation_changes (
    id          bigint generated always as identity primary key,
    record_type varchar(30)              not null,
    record_id   bigint                   not null,
    operation   varchar(6)               not null check (operation in ('CREATE', 'UPDATE', 'DELETE')),
    -- the columns an update changed (empty for a create or delete), their values before, and the row after
    changed     text[]                   not null default '{}',
    before      jsonb,
    after       jsonb,
    -- how many rule actions deep the change was made (0: by a person or a job), for loop protection
    depth       integer                  not null default 0,
    occurred_at timestamp with time zone not null default clock_timestamp()
);

-- the depth a rule action declares for its own transaction with set_config('klient.automation_depth', n, true)
create function automation_depth() returns integer language sql stable as $$
    select coalesce(nullif(current_setting('klient.automation_depth', true), '')::integer, 0)
$$;

-- Statement-level triggers over transition tables: one call per statement, a set-based insert, whatever the rows.
create function automation_capture_insert() returns trigger language plpgsql as $$
begin
    if exists (select 1 from automation_watched where record_type = tg_argv[0]) then
        insert into automation_changes (record_type, record_id, operation, after, depth)
        select tg_argv[0], n.id, 'CREATE', to_jsonb(n), automation_depth() from new_rows n;
    end if;
    return null;
end $$;

create function automation_capture_update() returns trigger language plpgsql as $$
begin
    if exists (select 1 from automation_watched where record_type = tg_argv[0]) then
        insert into automation_changes (record_type, record_id, operation, changed, before, after, depth)
        select tg_argv[0], n.id, 'UPDATE', d.keys, d.before, to_jsonb(n), automation_depth()
        from new_rows n
        join old_rows o on o.id = n.id
        cross join lateral (
            select array_agg(k.key order by k.key) as keys, jsonb_object_agg(k.key, to_jsonb(o) -> k.key) as before
            from jsonb_each(to_jsonb(n)) k
            where k.key not in ('version', 'updated_at') and k.value is distinct from to_jsonb(o) -> k.key) d
        where d.keys is not null;
    end if;
    return null;
end $$;

create function automation_capture_delete() returns trigger language plpgsql as $$
begin
    if exists (select 1 from automation_watched where record_type = tg_argv[0]) then
        insert into automation_changes (record_type, record_id, operation, before, depth)
        select tg_argv[0], o.id, 'DELETE', to_jsonb(o), automation_depth() from old_rows o;
    end if;
    return null;
end $$;

do $$
declare
    kinds constant text[][] := array[
        ['company', 'companies'], ['contact', 'contacts'], ['lead', 'leads'], ['deal', 'deals'],
        ['quote', 'quotes'], ['order', 'orders'], ['invoice', 'invoices'], ['ticket', 'tickets'],
        ['activity', 'activities'], ['task', 'tasks'], ['email', 'emails'], ['survey_response', 'survey_responses']];
    i integer;
begin
    for i in 1 .. array_length(kinds, 1) loop
        execute format('create trigger automation_created after insert on %I referencing new table as new_rows'
            || ' for each statement execute function automation_capture_insert(%L)', kinds[i][2], kinds[i][1]);
        execute format('create trigger automation_changed after update on %I referencing old table as old_rows'
            || ' new table as new_rows for each statement execute function automation_capture_update(%L)',
            kinds[i][2], kinds[i][1]);
        execute format('create trigger automation_deleted after delete on %I referencing old table as old_rows'
            || ' for each statement execute function automation_capture_delete(%L)', kinds[i][2], kinds[i][1]);
    end loop;
end $$;

-- a contact entering or leaving a list: the member row has no id of its own; the record is the contact
create function automation_capture_membership() returns trigger language plpgsql as $$
begin
    if exists (select 1 from automation_watched where record_type = 'segment_member') then
        if tg_op = 'INSERT' then
            insert into automation_changes (record_type, record_id, operation, after, depth)
            select 'segment_member', n.contact_id, 'CREATE', to_jsonb(n), automation_depth() from new_rows n;
        else
            insert into automation_changes (record_type, record_id, operation, before, depth)
            select 'segment_member', o.contact_id, 'DELETE', to_jsonb(o), automation_depth() from old_rows o;
        end if;
    end if;
    return null;
end $$;
create trigger automation_joined after insert on segment_members referencing new table as new_rows
    for each statement execute function automation_capture_membership();
create trigger automation_left after delete on segment_members referencing old table as old_rows
    for each statement execute function automation_capture_membership();
