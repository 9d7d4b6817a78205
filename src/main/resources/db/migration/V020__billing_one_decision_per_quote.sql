-- A quote is decided once and makes at most one order; a quote's revisions have one number each. Before this, two
-- requests at the same moment could both accept a quote (several orders from it) or both revise it (two revisions
-- with one number). Twins left by that are resolved first so the unique indexes can be built: the earliest order
-- keeps its link to the quote (later ones stay, as orders entered without one), and twin revisions are numbered
-- again in the order they were made.

update orders o set quote_id = null
where o.quote_id is not null
  and exists (select 1 from orders e where e.quote_id = o.quote_id and e.id < o.id);

drop index orders_quote_idx;
create unique index orders_quote_uq on orders (quote_id) where quote_id is not null;

with twins as (
    select root_id from quotes where root_id is not null group by root_id, revision having count(*) > 1
), renumbered as (
    select q.id, row_number() over (partition by q.root_id order by q.revision, q.id) as revision
    from quotes q where q.root_id in (select root_id from twins)
)
update quotes q set revision = r.revision from renumbered r where r.id = q.id and q.revision <> r.revision;

drop index quotes_root_idx;
create unique index quotes_root_revision_uq on quotes (root_id, revision);
