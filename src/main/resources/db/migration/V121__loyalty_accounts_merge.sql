-- A merge of customers folds the merged record's loyalty account into the survivor's account in the same program:
-- its ledger rows and earnings move over as they are (points, expiry, causes, allocations keep their ids), and the
-- running balance of the survivor's rows is counted again in id order, so the last row holds the sum. Each moved row
-- remembers where it was written and the balance it showed there, so both histories stay readable.

alter table loyalty_ledger
    -- the account (since removed) and customer the row was written for, before a merge moved it here
    add column merged_from_account  bigint,
    add column merged_from_company  bigint,
    add column merged_from_contact  bigint,
    -- the balance the row showed on its own account
    add column merged_balance_after integer;

-- The ledger and the earnings are history that is never changed, but for an erasure (V140) and for a merge of
-- customers (klient.merging_customers): a merge may move a row to another account, record where it came from and
-- count the running balance again. What a row says happened (kind, points, expiry, cause, who, when) never changes.
-- The rules are functions of their own (V140 replaces the older ones, whichever order the two run in).
create function loyalty_ledger_history_rules() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE'
       and (current_setting('klient.erasing', true) = 'on' or current_setting('klient.merging_customers', true) = 'on')
       and (new.id, new.kind, new.points, new.expires_on, new.cause_kind, new.cause_id, new.by_user_id, new.at)
           is not distinct from
           (old.id, old.kind, old.points, old.expires_on, old.cause_kind, old.cause_id, old.by_user_id, old.at)
       and (current_setting('klient.merging_customers', true) = 'on'
            or ((new.account_id, new.balance_after, new.merged_from_account, new.merged_from_company,
                 new.merged_from_contact, new.merged_balance_after)
                is not distinct from
                (old.account_id, old.balance_after, old.merged_from_account, old.merged_from_company,
                 old.merged_from_contact, old.merged_balance_after))) then
        return new;
    end if;
    raise exception 'the loyalty ledger is history: rows are never changed or deleted' using errcode = 'P0001';
end $$;

create function loyalty_earnings_history_rules() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and current_setting('klient.merging_customers', true) = 'on'
       and (new.program_id, new.source_kind, new.source_id, new.purchase_id, new.amount, new.points, new.at)
           is not distinct from
           (old.program_id, old.source_kind, old.source_id, old.purchase_id, old.amount, old.points, old.at) then
        return new;
    end if;
    raise exception 'loyalty history is never changed or deleted' using errcode = 'P0001';
end $$;

drop trigger loyalty_ledger_history on loyalty_ledger;
create trigger loyalty_ledger_history before update or delete on loyalty_ledger
    for each row execute function loyalty_ledger_history_rules();
drop trigger loyalty_earnings_history on loyalty_earnings;
create trigger loyalty_earnings_history before update or delete on loyalty_earnings
    for each row execute function loyalty_earnings_history_rules();
