-- An issued invoice is never edited, only corrected. The trigger of V011 named the columns it guarded, so the ones
-- added later (V040: seller and buyer registration numbers, seller country, exemption basis, exchange-rate date and
-- table) and several printed ones (addresses, bank account, payment method, language, exchange rate, correction
-- reason...) could still change. It now compares the whole row but what may change after issue: the payment state
-- (paid_total, paid_at: settlement) and the owner (who earns the commission, printed nowhere). A column added later
-- is frozen too; a data migration that must fill one on issued invoices disables the trigger for that statement.
create or replace function invoices_frozen() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'an issued invoice cannot be deleted';
    end if;
    if (to_jsonb(new) - array ['paid_total', 'paid_at', 'owner_id'])
       is distinct from (to_jsonb(old) - array ['paid_total', 'paid_at', 'owner_id']) then
        raise exception 'an issued invoice cannot be changed, only corrected';
    end if;
    return new;
end $$;
