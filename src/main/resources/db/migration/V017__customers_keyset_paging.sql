-- Keyset paging of the contact list (platform/web/Keyset): the name sort's key is
-- (lower(last_name), coalesce(lower(first_name), ''), id), free of nulls so that a row comparison can start a page
-- right after any row. The names and the country are included so that a page by number (offset), or of one country,
-- finds its ids in the index alone, without visiting the rows it skips.
create index contacts_sort_name_idx on contacts (lower(last_name), coalesce(lower(first_name), ''), id)
    include (last_name, first_name, country);
drop index contacts_name_idx;
