-- Every loyalty account has its referral code from the moment it exists, so reading one never writes: the insert of
-- an account makes it (8 of 32 letters and digits, no 0/O or 1/I, from a random UUID's random bits; another draw on
-- the rare clash), and the accounts made before get theirs now.
create function loyalty_referral_code_for(account bigint) returns void language plpgsql as $$
declare
    alphabet constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    bytes bytea;
    candidate text;
    i int;
begin
    loop
        bytes := uuid_send(gen_random_uuid());
        candidate := '';
        -- byte 6 holds the UUID's version, byte 8 its variant in the top bits only
        foreach i in array array[0, 1, 2, 3, 4, 5, 7, 8] loop
            candidate := candidate || substr(alphabet, 1 + get_byte(bytes, i) % 32, 1);
        end loop;
        insert into loyalty_referral_codes (account_id, code) values (account, candidate) on conflict do nothing;
        exit when found;
    end loop;
end $$;

create function loyalty_accounts_referral_code() returns trigger language plpgsql as $$
begin
    perform loyalty_referral_code_for(new.id);
    return new;
end $$;

create trigger loyalty_accounts_referral_code after insert on loyalty_accounts
    for each row execute function loyalty_accounts_referral_code();

select loyalty_referral_code_for(a.id) from loyalty_accounts a
where not exists (select 1 from loyalty_referral_codes c where c.account_id = a.id);
