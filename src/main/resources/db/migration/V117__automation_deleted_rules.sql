-- A deleted rule stays behind its runs (issue 21): the records' logs keep what it did, under its name, marked as
-- deleted; the rule is in no list and never runs again.
alter table automation_rules add column deleted_at timestamp with time zone;

-- What a deleted rule's queued or waiting run had still to do is written down as cancelled.
alter table automation_run_steps drop constraint automation_run_steps_outcome_check;
alter table automation_run_steps add constraint automation_run_steps_outcome_check
    check (outcome in ('DONE', 'FAILED', 'WAITING', 'SKIPPED', 'CANCELLED'));
