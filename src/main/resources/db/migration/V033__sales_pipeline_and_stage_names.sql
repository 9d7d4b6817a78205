-- Stages are named in English (the name given, read where no translation exists), Polish and Czech; the names of
-- active pipelines, and of the active stages of one pipeline, are unique without regard to case.
alter table stages add column name_pl varchar(100), add column name_cs varchar(100);

-- The stages Klient created read their translations from the message bundles: they become the stages' own names.
update stages set name = case label_key
        when 'stage.default.0' then 'Qualification' when 'stage.default.1' then 'Needs analysis'
        when 'stage.default.2' then 'Proposal' when 'stage.default.3' then 'Negotiation'
        when 'stage.default.4' then 'Commitment' else name end,
    name_pl = case label_key
        when 'stage.default.0' then 'Kwalifikacja' when 'stage.default.1' then 'Analiza potrzeb'
        when 'stage.default.2' then 'Oferta' when 'stage.default.3' then 'Negocjacje'
        when 'stage.default.4' then 'Zobowiązanie' end,
    name_cs = case label_key
        when 'stage.default.0' then 'Kvalifikace' when 'stage.default.1' then 'Analýza potřeb'
        when 'stage.default.2' then 'Nabídka' when 'stage.default.3' then 'Vyjednávání'
        when 'stage.default.4' then 'Závazek' end,
    label_key = null
where label_key is not null;

-- Twins made before this version get a number, so the unique indexes can be built.
update pipelines p set name = left(p.name, 90) || ' (' || d.n || ')'
from (select id, row_number() over (partition by lower(name) order by id) as n from pipelines where active) d
where d.id = p.id and d.n > 1;
update stages s set name = left(s.name, 90) || ' (' || d.n || ')'
from (select id, row_number() over (partition by pipeline_id, lower(name) order by position, id) as n
      from stages where active) d
where d.id = s.id and d.n > 1;

create unique index pipelines_name_uq on pipelines (lower(name)) where active;
create unique index stages_name_uq on stages (pipeline_id, lower(name)) where active;
