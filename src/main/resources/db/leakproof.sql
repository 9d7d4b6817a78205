-- Run once as a PostgreSQL superuser in Klient's database when Klient uses a server of your own and the
-- administrator restricts who reads which records (Administration → Record access):
--     sudo -u postgres psql -d klient -f leakproof.sql
-- Under a row policy PostgreSQL uses an index for a condition only when every function in it is declared
-- leak-proof, which only a superuser may declare; without this, searching a restricted kind reads its whole table.
-- Klient's queries are its own, never SQL a user writes, so these functions can tell nobody anything. The embedded
-- database runs this itself at every start.
alter function pg_catalog.textlike(text, text) leakproof;
alter function pg_catalog.lower(text) leakproof;
alter function pg_catalog.textcat(text, text) leakproof;
alter function pg_catalog.arraycontains(anyarray, anyarray) leakproof;
alter function pg_catalog.arrayoverlap(anyarray, anyarray) leakproof;
do $$
begin
    -- Klient's own accent folding (migration V135); the embedded setup marks it from the second start on
    if to_regprocedure('public.search_fold(text)') is not null then
        alter function public.search_fold(text) leakproof;
    end if;
end
$$;
