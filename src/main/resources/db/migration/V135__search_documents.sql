-- Global search over the documents that have no search_text of their own: invoices (number, buyer, tax ids),
-- orders (number, the shop's id) and tickets (number, subject, who wrote). Companies, contacts, leads, deals and
-- products are found by their search_text columns and trigram indexes (V005-V009).
--
-- search_fold is the database's twin of platform.SearchText.fold for the letters of Polish, Czech, Slovak and
-- German: lower case without accents, immutable so that an index can be built on it (unaccent is not).
create function search_fold(text) returns text
    language sql immutable strict parallel safe as $$
        select translate(lower($1), 'ąćęłńóśźżáčďéěíňřšťúůýžäöüßàâçèêëîïôùûÿőűĺľŕ',
                                    'acelnoszzacdeeinrstuuyzaousaaceeeiiouuyoullr')
    $$;

create index invoices_search_idx on invoices using gin (search_fold(
    number || ' ' || buyer_name || ' ' || coalesce(buyer_tax_id, '') || ' ' || coalesce(buyer_vat_id, ''))
    gin_trgm_ops);
create index orders_search_idx on orders using gin (search_fold(number || ' ' || coalesce(external_id, ''))
    gin_trgm_ops);
create index tickets_search_idx on tickets using gin (search_fold(
    number || ' ' || subject || ' ' || coalesce(requester_email, '')) gin_trgm_ops);
-- the order results are shown in, walked when a fragment matches too many orders to collect (tickets and invoices
-- have theirs: V048, V100)
create index orders_search_order_idx on orders (ordered_at desc, id desc);
