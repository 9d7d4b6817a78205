-- Trigram search and accent-insensitive matching are used by every module's quick search.
create extension if not exists pg_trgm;
create extension if not exists unaccent;
