-- 200,000 companies and 1,000,000 contacts, written straight into a migrated Klient database.
insert into companies (name, country, tax_id, owner_id, lifecycle_stage, tags, search_text, billing_city)
select 'Firma ' || i, case when i % 3 = 0 then 'CZ' else 'PL' end, lpad(i::text, 10, '0'),
       case when i % 10 = 0 then 1 end, (array['LEAD','PROSPECT','CUSTOMER','FORMER_CUSTOMER'])[1 + i % 4],
       case when i % 10 = 0 then array['vip'] else '{}' end, 'firma ' || i || ' miasto' || (i % 500), 'Miasto' || (i % 500)
from generate_series(1, 200000) i;
insert into contacts (first_name, last_name, emails, phones, company_id, owner_id, city, search_text)
select 'Jan' || (i % 1000), 'Nowak' || i, array['jan' || i || '@firma' || (i % 5000) || '.pl'], array['+48' || (500000000 + i)],
       1 + i % 200000, case when i % 10 = 0 then 1 end, 'Miasto' || (i % 500),
       'jan' || (i % 1000) || ' nowak' || i || ' jan' || i || '@firma' || (i % 5000) || '.pl ' || (500000000 + i) || ' 48' || (500000000 + i)
from generate_series(1, 1000000) i;
vacuum analyze companies;
vacuum analyze contacts;
