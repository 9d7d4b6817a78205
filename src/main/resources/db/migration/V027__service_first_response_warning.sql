-- The assignee is warned before the first-response target too, once.
alter table tickets add column response_warned_at timestamp with time zone;
