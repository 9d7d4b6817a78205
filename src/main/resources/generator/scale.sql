-- Everything around the generated companies and contacts, written set-based in the database: products with cost
-- prices, exchange rates, leads (a quarter converted into deals), deals with their stage history, orders with lines,
-- invoices with lines and payments, activities with their timeline entries, tickets with their conversation and
-- surveys after them, NPS surveys after invoices, monthly campaigns with costs, recipients, clicks and the leads and
-- invoices they brought, keyword costs. Proportions of a mid-sized company over three years that grows (the last
-- month about twice the first) and has seasons (most in October and November, least in July and August), so that
-- trends, cohorts and a forecast mean something.
-- Parameters: :leads, :deals, :orders, :activities, :tickets, :whale (the company that gets 5,000 timeline
-- entries), :seed, :currency (the company's). Statements end with a semicolon at the end of a line; the generator
-- runs them one by one.
-- A random value in a lateral subquery names the outer row (`+ 0 * i`): without it PostgreSQL computes the subquery
-- once and every row gets the same moment.
select setseed(:seed);

-- When things happen: 10,000 equally likely days ago (0 to 1,094), each day as often as the growth times the
-- month's season weighs it; a row takes gen_when.days[1 + floor(random() * 10000)] and a moment within that day.
create temporary table gen_when as
with d as (select k as ago, (2.0 - k / 1095.0)
                  * (array[1.0, 0.95, 1.05, 1.0, 0.95, 0.8, 0.6, 0.65, 1.1, 1.3, 1.35, 1.1])
                    [extract(month from current_date - k)::int] as w
           from generate_series(0, 1094) k),
     c as (select ago, round(10000 * sum(w) over (order by ago) / sum(w) over ())::int as upto,
                  round(10000 * (sum(w) over (order by ago) - w) / sum(w) over ())::int as below
           from d)
select array_agg(c.ago order by c.ago, s) as days
from c cross join lateral generate_series(c.below + 1, c.upto) s;

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

create temporary table gen_keywords as
select n, k from unnest(array['pompa ciepła', 'zawór kulowy', 'czujnik ciśnienia', 'sterownik pompy', 'montaż pompy',
                              'čerpadlo', 'ventil', 'snímač tlaku', 'heat pump', 'pressure sensor', 'valve controller',
                              'pump installation']) with ordinality x(k, n);

create temporary table gen_products as select array_agg(id order by id) as ids from products where sku like 'GEN-%';

insert into leads (first_name, last_name, email, company_name, job_title, source, utm_source, utm_medium,
                   utm_campaign, utm_term, status, disqualified_reason, owner_id, score, search_text, created_at, updated_at)
select c.first_name, c.last_name, 'lead.' || i || '.' || split_part(c.emails[1], '@', 1) || '@leads.example',
       'Prospect ' || i, c.job_title, (array['WEB_FORM', 'IMPORT', 'MANUAL', 'API'])[1 + i % 4],
       (array['google', 'linkedin', 'newsletter', null])[1 + i % 4], (array['cpc', 'social', 'email', null])[1 + i % 4],
       case i % 4 when 0 then 'search-ads' when 1 then 'linkedin-ads' when 2 then 'newsletter-' || to_char(t.at, 'YYYY-MM')
       end, case when i % 4 = 0 then (select k from gen_keywords g where g.n = 1 + (i / 4) % 12) end, s.status, case when s.status = 'DISQUALIFIED' then 'No budget' end,
       p.sales[1 + (i % array_length(p.sales, 1))], (i::bigint * 7) % 100,
       lower(coalesce(c.first_name, '') || ' ' || c.last_name || ' prospect ' || i), t.at, t.at
from generate_series(1, :leads) i
cross join gen_people p cross join gen_range r
join contacts c on c.id = r.p0 + (i::bigint * 7919) % (r.p1 - r.p0 + 1)
cross join lateral (select (array['NEW', 'CONTACTED', 'QUALIFIED', 'DISQUALIFIED', 'CONTACTED'])[1 + i % 5] as status) s
cross join gen_when w
cross join lateral (select now() - (w.days[1 + floor(random() * 10000)::int] + random() + 0 * i) * interval '1 day'
                        as at) t;

create temporary table gen_stages as
select array_agg(s.id order by s.position) as ids, p.id as pipeline
from stages s join pipelines p on p.id = s.pipeline_id where p.is_default group by p.id;

insert into deals (name, pipeline_id, stage_id, company_id, owner_id, amount, currency, expected_close_date, source,
                   status, lost_reason, competitor, closed_at, stage_entered_at, search_text, created_at, updated_at)
select co.name || ' – ' || (array['licences', 'service contract', 'expansion', 'renewal', 'pilot'])[1 + i % 5],
       g.pipeline, g.ids[pos], co.id, p.sales[1 + (i % array_length(p.sales, 1))],
       round((1000 + random() * 199000)::numeric, -2),
       case co.country when 'CZ' then 'CZK' when 'PL' then 'PLN' else 'EUR' end,
       case when st.status = 'OPEN' then current_date + (i % 240) - 30 else (t.at + interval '60 days')::date end,
       (array['Web', 'Referral', 'Event', 'Outbound'])[1 + i % 4], st.status,
       case when st.status = 'LOST' then (array['Price', 'Timing', 'Competitor'])[1 + i % 3] end,
       case when st.status = 'LOST' and i % 3 = 2 then 'Competitor ' || (i % 7) end,
       case when st.status <> 'OPEN' then least(t.at + (10 + i % 80) * interval '1 day', now() - interval '1 hour') end,
       t.at + pos * interval '7 days', lower(co.name || ' deal ' || i), t.at, t.at
from generate_series(1, :deals) i
cross join gen_people p cross join gen_range r cross join gen_stages g
join companies co on co.id = r.c0 + (i::bigint * 104729) % (r.c1 - r.c0 + 1)
cross join lateral (select case when i % 20 < 8 then 'OPEN' when i % 20 < 15 then 'WON' else 'LOST' end as status) st
cross join lateral (select case when st.status = 'WON' then array_length(g.ids, 1) else 1 + i % array_length(g.ids, 1)
                           end as pos) x
cross join gen_when w
cross join lateral (select now() - (30 + (w.days[1 + floor(random() * 10000)::int] + random() + 0 * i) * 1065 / 1095)
                        * interval '1 day' as at) t;

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
cross join gen_when w
cross join lateral (select now() - (w.days[1 + floor(random() * 10000)::int] + random() + 0 * i) * interval '1 day'
                        as at) t;

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

-- where they came from: one in nine after the month's newsletter, one in nine through a paid keyword
insert into invoices (number, order_id, company_id, owner_id, language, currency, issue_date, sale_date, due_date,
                      payment_method, seller_name, seller_address, seller_tax_id, buyer_name, buyer_tax_id,
                      buyer_country, net_total, tax_total, gross_total, paid_total, paid_at, created_at, created_by,
                      utm_source, utm_medium, utm_campaign, utm_term)
select 'FV/GEN/' || o.id, o.id, o.company_id, o.owner_id, case co.country when 'CZ' then 'cs' when 'PL' then 'pl' else 'en' end,
       o.currency, least((o.ordered_at + interval '3 days')::date, current_date), o.ordered_at::date,
       (o.ordered_at + interval '17 days')::date,
       'TRANSFER', 'Klient Scale sp. z o.o.', 'ul. Długa 1, 00-001 Warszawa', '5260250274', co.name, co.tax_id,
       co.country, o.net_total, o.tax_total, o.gross_total,
       case when o.id % 7 = 0 then 0 when o.id % 11 = 0 then round(o.gross_total / 2, 2) else o.gross_total end,
       case when o.id % 7 = 0 or o.id % 11 = 0 then null else least(o.ordered_at + interval '12 days', now()) end,
       least(o.ordered_at + interval '3 days', now()), o.owner_id,
       case o.id % 9 when 0 then 'newsletter' when 1 then 'google' end, case o.id % 9 when 0 then 'email' when 1 then 'cpc' end,
       case o.id % 9 when 0 then 'newsletter-' || to_char(o.ordered_at - interval '2 days', 'YYYY-MM') when 1 then 'search-ads' end,
       case when o.id % 9 = 1 then (select k from gen_keywords g where g.n = 1 + (o.id / 9) % 12) end
from orders o join companies co on co.id = o.company_id
where o.number like 'ZAM/GEN/%' and o.status = 'FULFILLED';

insert into invoice_lines (invoice_id, position, product_id, description, quantity, unit, unit_price, discount_percent,
                           tax_rate, net_amount)
select i.id, l.position, l.product_id, l.description, l.quantity, l.unit, l.unit_price, l.discount_percent, l.tax_rate,
       l.net_amount
from invoices i join order_lines l on l.order_id = i.order_id where i.number like 'FV/GEN/%';

insert into payments (invoice_id, amount, paid_on, method, reference)
select id, paid_total, coalesce(paid_at::date, least(issue_date + 9, current_date)), 'TRANSFER', number from invoices
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
cross join gen_when w
cross join lateral (select now() - (w.days[1 + floor(random() * 10000)::int] + random() + 0 * i) * interval '1 day'
                        as at) t;

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
       t.at + interval '40 hours', 2400, t.at + (15 + (i::bigint * 37) % 1800) * interval '1 minute',
       case when s.status in ('RESOLVED', 'CLOSED') then t.at + (1815 + (i::bigint * 53) % 7200) * interval '1 minute' end,
       case when s.status in ('RESOLVED', 'CLOSED') then i % 3 > 0 end, i % 23 = 0,
       case when s.status in ('RESOLVED', 'CLOSED') and i % 2 = 0 then 3 + i % 3 end
from generate_series(1, :tickets) i
cross join gen_people p cross join gen_range r
join contacts c on c.id = r.p0 + (i::bigint * 7727) % (r.p1 - r.p0 + 1)
cross join lateral (select case when i % 10 < 7 then 'CLOSED' when i % 10 < 8 then 'RESOLVED' when i % 10 < 9
                                then 'OPEN' else 'WAITING' end as status) s
cross join gen_when w
cross join lateral (select now() - (w.days[1 + floor(random() * 10000)::int] + random() + 0 * i) * interval '1 day'
                        as at) t;

insert into ticket_messages (ticket_id, kind, author_id, body, created_at)
select t.id, m.kind, case when m.kind = 'PUBLIC' then t.assignee_id end,
       case when m.kind = 'PUBLIC' then 'Thank you, we are looking into it.' else t.description end,
       t.created_at + m.after
from tickets t cross join (values ('CUSTOMER', interval '0'), ('PUBLIC', interval '2 hours')) m(kind, after)
where t.number like 'G-%';

-- What the analytics read besides: the catalog's cost prices (margins) and a rate a day for the foreign currencies
update products set cost_price = round(unit_price * (0.45 + (id % 30) / 100.0), 2) where sku like 'GEN-%';

insert into exchange_rates (currency, rate, valid_from)
select c.currency, round((c.base * (1 + 0.03 * sin(k / 60.0)))::numeric, 6), current_date - k
from generate_series(0, 1100) k
cross join (values ('EUR', 4.3), ('CZK', 0.175)) c(currency, base)
where extract(isodow from current_date - k) < 6 and :currency = 'PLN'
on conflict do nothing;

-- the planner's figures of the rows made so far (this transaction's own rows count), so the joins below are planned
-- for their real sizes
analyze products, leads, deals, deal_stage_history, orders, invoices, payments, activities, tickets;

-- A quarter of the leads became deals: every other generated deal came from a lead, a few days before it
update leads l set status = 'CONVERTED', deal_id = x.deal_id, company_id = x.company_id, converted_at = x.created_at,
                   created_at = x.created_at - (1 + x.deal_id % 20) * interval '1 day', updated_at = x.created_at
from (select d.id as deal_id, d.company_id, d.created_at, row_number() over (order by d.id) as n
      from deals d where d.search_text like '% deal %') x
join (select id, row_number() over (order by id) as n from leads where email like '%@leads.example') y on y.n = x.n
where l.id = y.id and x.n % 2 = 0;

-- A newsletter a month with its cost, sent to 15,000 contacts each (fewer in a small database; a third open it, one
-- in 48 clicks)
insert into campaigns (name, purpose_id, default_language, state, started_at, finished_at, cost, cost_currency,
                       utm_campaign, owner_id, sent_count, created_at, updated_at)
select 'Newsletter ' || to_char(m, 'YYYY-MM'), (select min(id) from consent_purposes), 'pl', 'SENT',
       m + interval '9 days 8 hours', m + interval '9 days 10 hours', 2000 + (extract(month from m)::int * 373) % 4000,
       'PLN', 'newsletter-' || to_char(m, 'YYYY-MM'), p.sales[1], 15000, m + interval '5 days', m + interval '9 days'
from generate_series(date_trunc('month', now()) - interval '35 months', date_trunc('month', now()), interval '1 month') m
cross join gen_people p
where m + interval '9 days 10 hours' < now();

insert into campaign_recipients (campaign_id, contact_id, address, language, state, at, opened_at, clicked_at,
                                 accepted_at)
select c.id, ct.id, ct.emails[1], 'pl', 'SENT', c.started_at,
       case when (ct.id + c.id) % 3 = 0 then c.started_at + ((ct.id % 72) + 1) * interval '1 hour' end,
       case when (ct.id + c.id) % 48 = 0 then c.started_at + ((ct.id % 72) + 2) * interval '1 hour' end,
       c.started_at
from campaigns c cross join gen_range r
cross join lateral generate_series(0, least(14999, (r.p1 - r.p0) / 20)) k
join contacts ct on ct.id = r.p0 + (k::bigint * 61 + c.id * 7) % (r.p1 - r.p0 + 1)
where c.utm_campaign like 'newsletter-%'
on conflict do nothing;

analyze campaigns, campaign_recipients;

insert into marketing_events (campaign_id, contact_id, kind, at)
select campaign_id, contact_id, 'CLICK', clicked_at from campaign_recipients
where clicked_at is not null and campaign_id in (select id from campaigns where utm_campaign like 'newsletter-%');

-- What the paid keywords cost a day
insert into ad_costs (day, platform, campaign, keyword, cost, currency, clicks, impressions)
select current_date - d, 'Google Ads', 'search-ads', g.k, round((20 + ((d * 7 + g.n * 13) % 180))::numeric, 2), 'PLN',
       3 + (d + g.n) % 40, 300 + ((d * 11 + g.n) % 4000)
from generate_series(1, 1095) d cross join gen_keywords g;

-- Surveys: satisfaction (CSAT) or effort (CES) after a resolved ticket, NPS after a purchase; the first question of
-- each is its score question
insert into surveys (name, kind, trigger, delay_days, created_at, updated_at)
values ('Scale CSAT after tickets', 'CSAT', 'TICKET_RESOLVED', 1, now() - interval '1100 days', now()),
       ('Scale CES after tickets', 'CES', 'TICKET_RESOLVED', 1, now() - interval '1100 days', now()),
       ('Scale NPS after purchase', 'NPS', 'AFTER_PURCHASE', 7, now() - interval '1100 days', now());

insert into survey_questions (survey_id, position, kind, text_en, text_pl, text_cs)
select id, 0, kind, 'How did we do?', 'Jak nam poszło?', 'Jak jsme si vedli?' from surveys where name like 'Scale %';

create temporary table gen_surveys as
select (select id from surveys where name = 'Scale CSAT after tickets') as csat,
       (select id from surveys where name = 'Scale CES after tickets') as ces,
       (select id from surveys where name = 'Scale NPS after purchase') as nps,
       (select id from teams where name = 'Support (scale)') as support_team;

insert into survey_invitations (survey_id, contact_id, company_id, address, language, token_hash, cause_kind, cause_id,
                                agent_id, team_id, sent_at, expires_at, answered_at, products_known)
select case when t.id % 2 = 0 then s.csat else s.ces end, t.contact_id, t.company_id,
       coalesce(t.requester_email, 'ticket-' || t.id || '@scale.klient.test'), 'pl',
       md5('ticket/' || t.id) || md5(t.id || '/ticket'), 'TICKET', t.id, t.assignee_id, s.support_team,
       t.resolved_at + interval '1 day', t.resolved_at + interval '15 days',
       case when t.id % 20 < 9 and t.resolved_at + interval '2 days' < now() then t.resolved_at + interval '2 days' end,
       true
from tickets t cross join gen_surveys s
where t.number like 'G-%' and t.resolved_at + interval '1 day' < now();

insert into survey_invitations (survey_id, contact_id, company_id, address, language, token_hash, cause_kind, cause_id,
                                agent_id, sent_at, expires_at, answered_at, products_known)
select s.nps, null, i.company_id, 'nps-' || i.id || '@scale.klient.test', i.language,
       md5('invoice/' || i.id) || md5(i.id || '/invoice'), 'INVOICE', i.id, i.owner_id,
       i.issue_date + 7, i.issue_date + 21,
       case when i.id % 5 < 2 and i.issue_date + 9 < current_date then i.issue_date + 9 end, true
from invoices i cross join gen_surveys s
where i.number like 'FV/GEN/%' and i.id % 3 = 0 and i.issue_date + 7 <= current_date;

analyze survey_invitations;

-- the answers: mostly satisfied, NPS a little better every year
insert into survey_responses (invitation_id, survey_id, kind, contact_id, company_id, agent_id, team_id, score,
                              language, answered_at)
select v.id, v.survey_id, x.kind, v.contact_id, v.company_id, v.agent_id, v.team_id,
       case x.kind when 'CSAT' then (array[5, 5, 4, 4, 4, 3, 5, 2, 4, 1])[1 + (v.id * 7) % 10]
                   when 'CES' then (array[2, 1, 3, 2, 4, 1, 5, 2, 6, 3])[1 + (v.id * 7) % 10]
                   else least(10, (array[10, 9, 9, 8, 7, 10, 6, 9, 4, 10, 8, 2])[1 + (v.id * 5) % 12]
                                  + case when v.sent_at > now() - interval '1 year' and v.id % 4 = 0 then 1 else 0 end)
       end,
       v.language, v.answered_at
from survey_invitations v join surveys x on x.id = v.survey_id
where x.name like 'Scale %' and v.answered_at is not null;

insert into survey_answers (response_id, question_id, score)
select r.id, q.id, r.score from survey_responses r join survey_questions q on q.survey_id = r.survey_id
where r.survey_id in (select id from surveys where name like 'Scale %');
