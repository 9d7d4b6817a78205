-- The merge fields that had no value when a document was made (they print as blanks): shown and answered then, and
-- kept with the document. Documents made before were not checked.
alter table generated_documents add column empty_fields text[] not null default '{}';
