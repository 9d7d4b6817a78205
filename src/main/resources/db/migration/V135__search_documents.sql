-- Global search over the documents that have no search_text of their own: invoices (number, buyer, tax ids),
-- orders (number, the shop's id), tickets (number, subject, who wrote) and quotes (number). Companies, contacts, leads, deals and
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
-- a quote's number is the id of its first revision and the revision: OF/12/2
create index quotes_number_idx on quotes (coalesce(root_id, id), revision);
