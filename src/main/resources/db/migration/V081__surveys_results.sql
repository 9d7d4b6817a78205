-- Survey results: verbatim answers searchable in English, Polish and Czech, the products an invitation was about
-- (for the results per product), and the indexes the results per team and agent read.

-- English words are stemmed; PostgreSQL has no Polish or Czech stemmer, so those are kept word by word and a
-- trigram index finds inflected forms by their fragment ("dostaw" finds "dostawa", "dostawy").
alter table survey_responses add column search tsvector generated always as (
    to_tsvector(case language when 'en' then 'english'::regconfig else 'simple'::regconfig end,
                coalesce(comment, ''))) stored;
create index survey_responses_search_idx on survey_responses using gin (search);
create index survey_responses_comment_trgm_idx on survey_responses using gin (lower(comment) gin_trgm_ops)
    where comment is not null;
create index survey_answers_text_trgm_idx on survey_answers using gin (lower(text) gin_trgm_ops)
    where text is not null;

create index survey_responses_team_idx on survey_responses (team_id, kind, answered_at) where team_id is not null;
create index survey_responses_agent_idx on survey_responses (agent_id, kind, answered_at) where agent_id is not null;
create index survey_responses_company_idx on survey_responses (company_id, answered_at desc)
    where company_id is not null;

-- What an invitation's cause (a ticket, an order, an invoice) was about, filled by a job from billing and service;
-- an order of three products counts for each of them.
create table survey_invitation_products (
    invitation_id bigint not null references survey_invitations (id) on delete cascade,
    product_id    bigint not null references products (id) on delete cascade,
    primary key (invitation_id, product_id)
);
create index survey_invitation_products_product_idx on survey_invitation_products (product_id, invitation_id);

alter table survey_invitations add column products_known boolean not null default false;
create index survey_invitations_products_pending_idx on survey_invitations (id) where not products_known;
