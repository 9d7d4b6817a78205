-- What Klient itself says about an event (a merge) is kept as a message key and its values, put into words in the
-- reader's language when read, like the timeline's title_code and body_code; summary stays for what is written as is.
alter table audit_events add column summary_code jsonb;

-- merges audited before: "merged contact #5568, #5569 into #559"
update audit_events
   set summary_code = jsonb_build_object('key', 'audit.summary.merged', 'args', jsonb_build_array(
           jsonb_build_object('type', 'text',
                              'value', regexp_replace(summary, '^merged (contact|company) (.*) into #[0-9]+$', '\2')))),
       summary = null
 where action = 'UPDATE' and entity_type in ('contact', 'company')
   and summary ~ '^merged (contact|company) .* into #[0-9]+$';
