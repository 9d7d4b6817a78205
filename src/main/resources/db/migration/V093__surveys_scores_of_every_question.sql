-- Every score question counts in its kind's results, whichever survey asked it: the CES question of a ticket's CSAT
-- survey is a CES answer like the score of a CES survey. And what customers wrote is found by its English stems
-- whatever the language they were asked in (an English comment to a Polish invitation).

-- English stems beside the words as written: "Fast deliveries" is found by "delivery", "dostawy" by "dostawy".
drop index survey_responses_search_idx;
alter table survey_responses drop column search;
alter table survey_responses add column search tsvector generated always as (
    to_tsvector('english'::regconfig, coalesce(comment, '')) || to_tsvector('simple'::regconfig, coalesce(comment, '')))
    stored;
create index survey_responses_search_idx on survey_responses using gin (search);

-- One row per response and score kind: the survey's own score (its first question) and the first answer to a score
-- question of another kind. The results read this, so the two cannot disagree about what counts.
create view survey_scores as
select r.id, r.invitation_id, r.survey_id, r.kind, r.score, r.contact_id, r.company_id, r.agent_id, r.team_id,
       r.answered_at
from survey_responses r
where r.kind in ('NPS', 'CES', 'CSAT') and r.score is not null
union all
select r.id, r.invitation_id, r.survey_id, q.kind, a.score, r.contact_id, r.company_id, r.agent_id, r.team_id,
       r.answered_at
from survey_answers a
join survey_questions q on q.id = a.question_id
join survey_responses r on r.id = a.response_id
where q.kind in ('NPS', 'CES', 'CSAT') and q.kind <> r.kind and a.score is not null
  and q.position = (select min(o.position) from survey_questions o where o.survey_id = q.survey_id and o.kind = q.kind);

-- the answers to one question (a kind's questions in other surveys, a question's counts)
create index survey_answers_question_idx on survey_answers (question_id, response_id);
-- the surveys that ask a kind
create index survey_questions_kind_idx on survey_questions (kind, survey_id);
