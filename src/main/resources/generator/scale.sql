-- Everything around the generated companies and contacts, written set-based in the database: products, leads,
-- deals with their stage history, orders with lines, invoices with lines and payments, activities with their
-- timeline entries, tickets with their conversation. Proportions of a mid-sized company, spread over three years.
-- Parameters: :leads, :deals, :orders, :activities, :tickets, :whale (the company that gets 5,000 timeline
-- entries), :seed. Statements end with a semicolon at the end of a line; the generator runs them one by one.
select setseed(:seed);

create temporary table gen_people as
select array_agg(id order by id) filter (where role = 'SALES') as sales,
       array_agg(id order by id) filter (where role = 'SUPPORT') as support
from users where email like '%@scale.klient.test';

create temporary table gen_range as
select (select min(id) from companies) as c0, (select max(id) from companies) as c1,
       (select min(id) from contacts) as p0, (select max(id) from contacts) as p1;

insert into products (sku, name, name_pl, name_cs, kind, unit, category, unit_price, currency, tax_rate, search_text)
select 'GEN-' || lpad(i::text, 4, '0'), k.en || ' ' || i, k.pl || ' ' || i, k.cs || ' ' || i,
       case when i % 5 = 0 then 'SERVICE' else 'PRODUCT' end, case when i % 5 = 0 then 'h' else 'pcs' end, k.category,
       round((50 + random() * 20000)::numeric, 2), 'PLN', 23,
       lower('gen-' || lpad(i::text, 4, '0') || ' ' || k.en || ' ' || i)
from generate_series(1, 300) i
cross join lateral (select (array['Pump', 'Valve', 'Sensor', 'Controller', 'Installation'])[1 + i % 5] as en,
                           (array['Pompa', 'Zawór', 'Czujnik', 'Sterownik', 'Montaż'])[1 + i % 5] as pl,
                           (array['Čerpadlo', 'Ventil', 'Snímač', 'Řídicí jednotka', 'Instalace'])[1 + i % 5] as cs,
                           (array['Hydraulics', 'Hydraulics', 'Electronics', 'Electronics', 'Services'])[1 + i % 5]
                               as category) k;

create temporary table gen_products as select array_agg(id order by id) as ids from products where sku like 'GEN-%';

insert into leads (first_name, last_name, email, company_name, job_title, source, utm_source, utm_medium,
                   utm_campaign, status, disqualified_reason, owner_id, score, search_text, created_at, updated_at)
select c.first_name, c.last_name, 'lead.' || i || '.' || split_part(c.emails[1], '@', 1) || '@leads.example',
       'Prospect ' || i, c.job_title, (array['WEB_FORM', 'IMPORT', 'MANUAL', 'API'])[1 + i % 4],
       (array['google', 'linkedin', 'newsletter', null])[1 + i % 4], (array['cpc', 'social', 'email', null])[1 + i % 4],
       'campaign-' || (i % 40), s.status, case when s.status = 'DISQUALIFIED' then 'No budget' end,
       p.sales[1 + (i % array_length(p.sales, 1))], (i::bigint * 7) % 100,
       lower(coalesce(c.first_name, '') || ' ' || c.last_name || ' prospect ' || i), t.at, t.at
from generate_series(1, :leads) i
cross join gen_people p cross join gen_range r
join contacts c on c.id = r.p0 + (i::bigint * 7919) % (r.p1 - r.p0 + 1)
cross join lateral (select (array['NEW', 'CONTACTED', 'QUALIFIED', 'DISQUALIFIED', 'CONTACTED'])[1 + i % 5] as status) s
cross join lateral (select now() - random() * interval '1095 days' as at) t;

create temporary table gen_stages as
select array_agg(s.id order by s.position) as ids, p.id as pipeline
from stages s join pipelines p on p.id = s.pipeline_id where p.is_default group by p.id;

insert into deals (name, pipeline_id, stage_id, company_id, owner_id, amount, currency, expected_close_date, source,
                   status, lost_reason, competitor, closed_at, stage_entered_at, search_text, created_at, updated_at)
select co.name || ' – ' || (array['licences', 'service contract', 'expansion', 'renewal', 'pilot'])[1 + i % 5],
       g.pipeline, g.ids[pos], co.id, p.sales[1 + (i % array_length(p.sales, 1))],
       round((1000 + random() * 199000)::numeric, -2),
       case co.country when 'CZ' then 'CZK' when 'PL' then 'PLN' else 'EUR' end,
       (t.at + interval '60 days')::date, (array['Web', 'Referral', 'Event', 'Outbound'])[1 + i % 4], st.status,
       case when st.status = 'LOST' then (array['Price', 'Timing', 'Competitor'])[1 + i % 3] end,
       case when st.status = 'LOST' and i % 3 = 2 then 'Competitor ' || (i % 7) end,
       case when st.status <> 'OPEN' then t.at + (10 + i % 80) * interval '1 day' end,
       t.at + pos * interval '7 days', lower(co.name || ' deal ' || i), t.at, t.at
from generate_series(1, :deals) i
cross join gen_people p cross join gen_range r cross join gen_stages g
join companies co on co.id = r.c0 + (i::bigint * 104729) % (r.c1 - r.c0 + 1)
cross join lateral (select case when i % 20 < 8 then 'OPEN' when i % 20 < 15 then 'WON' else 'LOST' end as status) st
cross join lateral (select case when st.status = 'WON' then array_length(g.ids, 1) else 1 + i % array_length(g.ids, 1)
                           end as pos) x
cross join lateral (select now() - (30 + random() * 1065) * interval '1 day' as at) t;

insert into deal_stage_history (deal_id, from_stage_id, to_stage_id, status, moved_at, moved_by)
select d.id, case when n.k > 1 then g.ids[n.k - 1] end, g.ids[n.k], 'OPEN', d.created_at + (n.k - 1) * interval '7 days',
       d.owner_id
from deals d cross join gen_stages g
cross join lateral generate_series(1, array_position(g.ids, d.stage_id)) n(k)
where d.search_text like '% deal %';

insert into deal_stage_history (deal_id, from_stage_id, to_stage_id, status, moved_at, moved_by)
select d.id, d.stage_id, d.stage_id, d.status, d.closed_at, d.owner_id
from deals d where d.status <> 'OPEN' and d.search_text like '% deal %';

insert into orders (number, company_id, contact_id, owner_id, currency, status, net_total, tax_total, gross_total,
                    ordered_at, created_at, updated_at)
select 'ZAM/GEN/' || i, co.id, null, p.sales[1 + (i % array_length(p.sales, 1))],
       case co.country when 'CZ' then 'CZK' when 'PL' then 'PLN' else 'EUR' end,
       (array['FULFILLED', 'FULFILLED', 'FULFILLED', 'CONFIRMED', 'CANCELLED'])[1 + i % 5], 0, 0, 0, t.at, t.at, t.at
from generate_series(1, :orders) i
cross join gen_people p cross join gen_range r
join companies co on co.id = r.c0 + (i::bigint * 15485863) % (r.c1 - r.c0 + 1)
cross join lateral (select now() - random() * interval '1095 days' as at) t;

insert into order_lines (order_id, position, product_id, description, quantity, unit, unit_price, discount_percent,
                         tax_rate, net_amount)
select o.id, n.k, pr.id, pr.name, q.quantity, pr.unit, pr.unit_price, 0, 23, round(q.quantity * pr.unit_price, 2)
from orders o cross join gen_products gp
cross join lateral generate_series(1, 1 + o.id::int % 3) n(k)
join products pr on pr.id = gp.ids[1 + ((o.id * 31 + n.k * 17) % array_length(gp.ids, 1))]
cross join lateral (select (1 + (o.id + n.k) % 10)::numeric as quantity) q
where o.number like 'ZAM/GEN/%';

update orders o set net_total = l.net, tax_total = round(l.net * 0.23, 2), gross_total = l.net + round(l.net * 0.23, 2)
from (select order_id, sum(net_amount) as net from order_lines group by order_id) l
where l.order_id = o.id and o.number like 'ZAM/GEN/%';

insert into invoices (number, order_id, company_id, owner_id, language, currency, issue_date, sale_date, due_date,
                      payment_method, seller_name, seller_address, seller_tax_id, buyer_name, buyer_tax_id,
                      buyer_country, net_total, tax_total, gross_total, paid_total, paid_at, created_at, created_by)
select 'FV/GEN/' || o.id, o.id, o.company_id, o.owner_id, case co.country when 'CZ' then 'cs' when 'PL' then 'pl' else 'en' end,
       o.currency, (o.ordered_at + interval '3 days')::date, o.ordered_at::date, (o.ordered_at + interval '17 days')::date,
       'TRANSFER', 'Klient Scale sp. z o.o.', 'ul. Długa 1, 00-001 Warszawa', '5260250274', co.name, co.tax_id,
       co.country, o.net_total, o.tax_total, o.gross_total,
       case when o.id % 7 = 0 then 0 else o.gross_total end,
       case when o.id % 7 = 0 then null else o.ordered_at + interval '12 days' end,
       o.ordered_at + interval '3 days', o.owner_id
from orders o join companies co on co.id = o.company_id
where o.number like 'ZAM/GEN/%' and o.status = 'FULFILLED';

insert into invoice_lines (invoice_id, position, product_id, description, quantity, unit, unit_price, discount_percent,
                           tax_rate, net_amount)
select i.id, l.position, l.product_id, l.description, l.quantity, l.unit, l.unit_price, l.discount_percent, l.tax_rate,
       l.net_amount
from invoices i join order_lines l on l.order_id = i.order_id where i.number like 'FV/GEN/%';

insert into payments (invoice_id, amount, paid_on, method, reference)
select id, gross_total, paid_at::date, 'TRANSFER', number from invoices
where number like 'FV/GEN/%' and paid_total > 0 and gross_total > 0;

insert into activities (type, subject, direction, contact_id, company_id, occurred_at, ends_at, duration_minutes,
                        outcome, owner_id, created_at, updated_at)
select a.type, (array['Follow-up', 'Offer discussed', 'Price question', 'Delivery date', 'Quarterly review',
                      'Service visit', 'Contract renewal'])[1 + i % 7],
       case when a.type in ('CALL', 'EMAIL') then (array['INBOUND', 'OUTBOUND'])[1 + i % 2] end, c.id, c.company_id,
       t.at, t.at + a.minutes * interval '1 minute', a.minutes, case when a.type = 'CALL' then 'Talked' end,
       p.sales[1 + (i % array_length(p.sales, 1))], t.at, t.at
from generate_series(1, :activities) i
cross join gen_people p cross join gen_range r
join contacts c on c.id = r.p0 + (i::bigint * 999983) % (r.p1 - r.p0 + 1)
cross join lateral (select (array['CALL', 'CALL', 'EMAIL', 'MEETING', 'NOTE', 'VISIT', 'CHAT'])[1 + i % 7] as type,
                           5 + i % 55 as minutes) a
cross join lateral (select now() - random() * interval '1095 days' as at) t;

-- the customer with a long history: 5,000 timeline entries for the card benchmark
insert into activities (type, subject, direction, contact_id, company_id, occurred_at, duration_minutes, owner_id,
                        created_at, updated_at)
select (array['CALL', 'EMAIL', 'MEETING', 'NOTE'])[1 + i % 4], 'Key account contact ' || i, null, null, :whale,
       now() - i * interval '5 hours', 15, p.sales[1 + (i % array_length(p.sales, 1))], now(), now()
from generate_series(1, 5000) i cross join gen_people p;

insert into timeline_entries (company_id, contact_id, occurred_at, kind, title, source_module, source_id, author_id,
                              created_at, updated_at)
select a.company_id, case when a.company_id is null then a.contact_id end, a.occurred_at, 'ACTIVITY_' || a.type,
       a.subject, 'activities', a.id, a.owner_id, a.created_at, a.created_at
from activities a where a.owner_id = any ((select sales from gen_people)::bigint[])
  and (a.company_id is not null or a.contact_id is not null);

insert into tickets (number, subject, description, contact_id, company_id, channel, category, priority, status,
                     assignee_id, requester_email, created_at, updated_at, first_response_due_at, resolution_due_at,
                     resolution_minutes, first_responded_at, resolved_at, first_contact_resolution, breached, csat)
select 'G-' || lpad(i::text, 8, '0'), (array['Device does not start', 'Wrong invoice', 'Delivery late',
                                            'Question about the contract', 'Damaged parcel'])[1 + i % 5],
       'Generated request ' || i, c.id, c.company_id, (array['EMAIL', 'EMAIL', 'PHONE', 'WEB', 'API'])[1 + i % 5],
       (array['Technical', 'Billing', 'Delivery', 'Question', 'Complaint'])[1 + i % 5],
       (array['NORMAL', 'NORMAL', 'HIGH', 'LOW', 'URGENT'])[1 + i % 5], s.status,
       p.support[1 + (i % array_length(p.support, 1))], c.emails[1], t.at, t.at, t.at + interval '8 hours',
       t.at + interval '40 hours', 2400, t.at + interval '2 hours',
       case when s.status in ('RESOLVED', 'CLOSED') then t.at + interval '20 hours' end,
       case when s.status in ('RESOLVED', 'CLOSED') then i % 3 > 0 end, i % 23 = 0,
       case when s.status in ('RESOLVED', 'CLOSED') and i % 2 = 0 then 3 + i % 3 end
from generate_series(1, :tickets) i
cross join gen_people p cross join gen_range r
join contacts c on c.id = r.p0 + (i::bigint * 7727) % (r.p1 - r.p0 + 1)
cross join lateral (select case when i % 10 < 7 then 'CLOSED' when i % 10 < 8 then 'RESOLVED' when i % 10 < 9
                                then 'OPEN' else 'WAITING' end as status) s
cross join lateral (select now() - random() * interval '1095 days' as at) t;

insert into ticket_messages (ticket_id, kind, author_id, body, created_at)
select t.id, m.kind, case when m.kind = 'PUBLIC' then t.assignee_id end,
       case when m.kind = 'PUBLIC' then 'Thank you, we are looking into it.' else t.description end,
       t.created_at + m.after
from tickets t cross join (values ('CUSTOMER', interval '0'), ('PUBLIC', interval '2 hours')) m(kind, after)
where t.number like 'G-%';
