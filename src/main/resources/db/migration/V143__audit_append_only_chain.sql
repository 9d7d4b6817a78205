-- The audit log is append-only and chained (issue 23). Each event carries the hash of the one before it (prev_hash),
-- the SHA-256 of its own content (content_hash) and hash = SHA-256(prev_hash || content_hash), in the order chain_seq
-- gives; the newest position and hash are kept in audit_chain, whose row every append locks, so appends from
-- concurrent transactions line up one after the other instead of forking the chain. A change or deletion made behind
-- Klient's back (triggers off, as the owner or a superuser) no longer matches the hashes: the verification finds it.

alter table audit_events add column chain_seq bigint;
alter table audit_events add column prev_hash bytea;
alter table audit_events add column content_hash bytea;
alter table audit_events add column hash bytea;
-- set by the one allowed change, an erasure taking a person's data out (see audit_events_guard)
alter table audit_events add column redacted_at timestamp with time zone;

create table audit_chain (
    id        smallint primary key default 1 check (id = 1),
    last_seq  bigint not null,
    last_hash bytea  not null
);

-- The canonical content of an event: its fields in a fixed order as JSON text, the time in UTC to the microsecond.
create function audit_event_content(e audit_events) returns bytea language sql stable as $$
    select sha256(convert_to(jsonb_build_array(e.id,
               to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.actor_id, e.actor_name,
               e.action, e.entity_type, e.entity_id, e.summary, e.summary_code, e.changes, e.address)::text, 'UTF8'))
$$;

-- the events so far, chained in the order they happened
do $$
declare
    e    audit_events%rowtype;
    prev bytea  := decode(repeat('00', 32), 'hex');
    seq  bigint := 0;
    c    bytea;
begin
    for e in select * from audit_events order by occurred_at, id loop
        seq := seq + 1;
        c := audit_event_content(e);
        update audit_events set chain_seq = seq, prev_hash = prev, content_hash = c, hash = sha256(prev || c)
         where id = e.id;
        prev := sha256(prev || c);
    end loop;
    insert into audit_chain (id, last_seq, last_hash) values (1, seq, prev);
end $$;

create unique index audit_events_chain_idx on audit_events (chain_seq);

create function audit_events_chain() returns trigger language plpgsql as $$
declare
    head audit_chain%rowtype;
begin
    -- the row lock serializes appends until commit; READ COMMITTED reads the head as the last commit left it
    select * into head from audit_chain where id = 1 for update;
    new.chain_seq := head.last_seq + 1;
    new.prev_hash := head.last_hash;
    new.redacted_at := null;
    new.content_hash := audit_event_content(new);
    new.hash := sha256(new.prev_hash || new.content_hash);
    update audit_chain set last_seq = new.chain_seq, last_hash = new.hash where id = 1;
    return new;
end $$;

create trigger audit_events_chain before insert on audit_events for each row execute function audit_events_chain();

-- Updates and deletes are refused. The one exception is an erasure of a person's data (the right to be forgotten):
-- inside the erasure's transaction (klient.erasing = 'on', as for the other history tables, V121 and V140), the
-- values may be redacted while what identifies the event and its place in the chain stays; the row is marked
-- redacted_at = now(), and the erasure appends an event saying how many rows it redacted at that moment, which the
-- verification holds the marked rows against.
create function audit_events_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and coalesce(current_setting('klient.erasing', true), '') = 'on'
            and new.id = old.id and new.chain_seq is not distinct from old.chain_seq
            and new.prev_hash is not distinct from old.prev_hash and new.hash is not distinct from old.hash
            and new.content_hash is not distinct from old.content_hash and new.occurred_at = old.occurred_at
            and new.action = old.action and new.actor_id is not distinct from old.actor_id then
        new.redacted_at := now();
        return new;
    end if;
    raise exception 'The audit log is append-only: % on audit_events is refused', tg_op
        using errcode = 'insufficient_privilege';
end $$;

create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function audit_events_guard();
create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_guard();

-- the rows an erasure redacted, counted against the event it appends
create index audit_events_redacted_idx on audit_events (redacted_at) where redacted_at is not null;
