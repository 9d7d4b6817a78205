package app.klient.billing.internal;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;

import app.klient.billing.SellerProfile;
import app.klient.platform.DemoData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Three years of the demo company's sales before today: each demo customer buys from the month it came (see the
 * customers' demo) with an appetite of its own, more in autumn and less in summer, and about a third of them stop
 * buying after a few months to two years (buying less often in their last half year), so cohorts, churn, revenue trends and the revenue forecast have a history
 * to read. Every purchase is an order, fulfilled and invoiced a few days later (numbered in its month's series, in
 * the customer's currency at the table rate of the day before), and paid within a month; a few recent ones are paid
 * in part or overdue. Written set by set in SQL, so the first start stays quick.
 */
@Component
class DemoPurchaseHistory {

    private static final Logger log = LoggerFactory.getLogger(DemoPurchaseHistory.class);

    private final JdbcClient jdbc;

    DemoPurchaseHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The history up to yesterday: today's documents are issued through the services after it. */
    void fill(SellerProfile seller) {
        ZoneId zone = seller.zone();
        YearMonth now = YearMonth.now(zone);
        Map<LocalDate, Integer> months = DemoData.perMonth(1, zone);
        Date[] firsts = months.keySet().stream().map(Date::valueOf).toArray(Date[]::new);
        Double[] seasons = months.keySet().stream().map(m -> DemoData.season(m.getMonthValue())).toArray(Double[]::new);
        jdbc.sql("select setseed(0.2026)").query((rs, n) -> 1).list();
        // the demo's pattern numbers invoices per month ({MM}); orders are numbered per year, as Orders does
        jdbc.sql("""
                create temporary table demo_purchases on commit drop as
                with buyers as materialized (
                    select co.id, co.owner_id, co.country,
                           date_trunc('month', co.created_at at time zone :zone)::date as since,
                           case when random() < 0.33 then (date_trunc('month', co.created_at at time zone :zone)
                               + (4 + floor(random() * 21)) * interval '1 month')::date end as until,
                           0.04 + random() * 0.26 as appetite
                    from companies co where co.owner_id is not null),
                months as (select m.first, m.season, (m.first + interval '1 month')::date - m.first as days
                           from unnest(cast(:firsts as date[]), cast(:seasons as float8[])) m(first, season)),
                bought as (
                    select b.id, b.owner_id, b.country, m.first as month,
                           m.first + floor(random() * m.days)::int as day,
                           random() as fate
                    from buyers b join months m on m.first >= b.since and (b.until is null or m.first < b.until)
                    -- a customer about to stop buys less often in its last half year, as one drifting away does
                    where m.first = b.since or random() < b.appetite * m.season
                        * case when b.until is not null and m.first >= b.until - interval '6 months' then 0.35 else 1 end),
                numbered as (
                    select row_number() over (order by day, id) as n, * from bought
                    where day <= cast(:yesterday as date))
                select q.*, 'ZAM/' || extract(year from q.day) || '/' || lpad((row_number() over (
                           partition by extract(year from q.day) order by q.n))::text, 5, '0') as order_number,
                       regexp_replace(replace(replace(replace(:pattern, '{yyyy}', extract(year from q.day)::text),
                           '{yy}', to_char(q.day, 'YY')), '{MM}', to_char(q.day, 'MM')), '\\{n+\\}',
                           lpad((row_number() over (partition by q.month order by q.n))::text,
                                length(substring(:pattern from '\\{(n+)\\}')), '0')) as invoice_number
                from numbered q""")
                .param("zone", zone.getId()).param("firsts", firsts).param("seasons", seasons)
                .param("yesterday", LocalDate.now(zone).minusDays(1)).param("pattern", seller.invoicePattern())
                .update();
        // cheaper things are bought more often: a machine now and then, spare parts, hours and licences often
        jdbc.sql("""
                create temporary table demo_purchase_lines on commit drop as
                with catalog as materialized (select array_agg(id order by unit_price, id) as ids from products
                                              where active and cost_price is not null)
                select p.n, l.position, pr.id as product_id,
                       case when p.country = 'CZ' then coalesce(pr.name_cs, pr.name)
                            else coalesce(pr.name_pl, pr.name) end as description, pr.unit,
                       case when p.country = 'CZ' then round(pr.unit_price / 0.1712, 0) else pr.unit_price end
                           as unit_price,
                       case pr.unit when 'h' then 4 + floor(random() * 36) when 'm' then 10 + floor(random() * 90)
                            when 'pcs' then case when pr.unit_price < 5000 then 1 + floor(random() * 12) else 1 end
                            else 1 + floor(random() * 3) end::numeric as quantity,
                       pr.tax_rate
                from demo_purchases p cross join catalog c
                cross join lateral (select k as position, random() as pick
                                    -- p.n makes it the purchase's own draw, not one draw for all of them
                                    from generate_series(1, 1 + floor(random() * 2.6)::int + 0 * p.n) k) l
                join products pr on pr.id = c.ids[1 + floor(power(l.pick, 4) * array_length(c.ids, 1))::int]""")
                .update();
        int orders = jdbc.sql("""
                insert into orders (number, company_id, owner_id, currency, status, net_total, tax_total, gross_total,
                                    ordered_at, created_at, updated_at, fulfilled_at)
                select p.order_number, p.id, p.owner_id, case when p.country = 'CZ' then 'CZK' else 'PLN' end,
                       'FULFILLED', t.net, t.tax, t.net + t.tax, o.at, o.at, (p.day + time '14:00') at time zone :zone,
                       (p.day + time '14:00') at time zone :zone
                from demo_purchases p
                cross join lateral (select sum(round(l.quantity * l.unit_price, 2)) as net,
                                           sum(round(round(l.quantity * l.unit_price, 2) * l.tax_rate / 100, 2)) as tax
                                    from demo_purchase_lines l where l.n = p.n) t
                cross join lateral (select ((p.day - (1 + floor(p.fate * 8))::int) + time '10:00')
                                           at time zone :zone as at) o
                order by p.n""").param("zone", zone.getId()).update();
        jdbc.sql("""
                insert into order_lines (order_id, position, product_id, description, quantity, unit, unit_price,
                                         discount_percent, tax_rate, net_amount)
                select o.id, l.position, l.product_id, l.description, l.quantity, l.unit, l.unit_price, 0, l.tax_rate,
                       round(l.quantity * l.unit_price, 2)
                from demo_purchase_lines l join demo_purchases p on p.n = l.n join orders o on o.number = p.order_number
                order by o.id, l.position""").update();
        // unpaid: one in four of the last month's and now and then an older one (overdue); a few recent paid in part
        jdbc.sql("""
                insert into invoices (number, order_id, company_id, owner_id, language, currency, exchange_rate,
                    exchange_rate_date, exchange_rate_table, issue_date, sale_date, due_date, payment_method,
                    seller_name, seller_address, seller_tax_id, seller_vat_id, seller_bank_account,
                    seller_registration_number, seller_country, buyer_name, buyer_address, buyer_tax_id,
                    buyer_vat_id, buyer_country, buyer_registration_number, net_total, tax_total, gross_total,
                    paid_total, paid_at, created_at, created_by)
                select p.invoice_number, o.id, co.id, p.owner_id, case when co.country = 'CZ' then 'cs' else 'pl' end,
                       o.currency, r.rate, r.valid_from, r.table_number, p.day, p.day, p.day + :paymentDays,
                       'TRANSFER', :sellerName, :sellerAddress, :sellerTaxId, :sellerVatId, :sellerBank,
                       :sellerRegistration, :sellerCountry, coalesce(co.legal_name, co.name),
                       concat_ws(', ', co.billing_street, concat_ws(' ', co.billing_postal_code, co.billing_city),
                                 co.billing_country),
                       co.tax_id, co.vat_id, co.country, co.registration_number, o.net_total, o.tax_total,
                       o.gross_total, pay.amount, pay.paid_at, (p.day + time '15:00') at time zone :zone, :admin
                from demo_purchases p join orders o on o.number = p.order_number join companies co on co.id = p.id
                left join lateral (select x.rate, x.valid_from, x.table_number from exchange_rates x
                                   where o.currency <> 'PLN' and x.currency = o.currency and x.valid_from < p.day
                                   order by x.valid_from desc limit 1) r on true
                cross join lateral (select p.month >= cast(:lastMonth as date) and p.fate < 0.25
                                           or p.fate > 0.985 as unpaid,
                                           p.month >= cast(:lastMonth as date) and p.fate >= 0.25 and p.fate < 0.3
                                           as part,
                                           least(p.day + 3 + floor(p.fate * 1000)::int % 28, cast(:yesterday as date))
                                           as paid_on) f
                cross join lateral (select case when f.unpaid then 0 when f.part then round(o.gross_total / 2, 2)
                                                else o.gross_total end as amount,
                                           case when not f.unpaid and not f.part
                                                then (f.paid_on + time '12:00') at time zone :zone end as paid_at) pay
                order by p.n""")
                .param("paymentDays", seller.paymentDays()).param("sellerName", seller.legalName())
                .param("sellerAddress", seller.street() + ", " + seller.postalCode() + " " + seller.city() + ", "
                        + seller.country())
                .param("sellerTaxId", seller.taxId()).param("sellerVatId", seller.vatId())
                .param("sellerBank", seller.bankAccount()).param("sellerRegistration", seller.registrationNumber())
                .param("sellerCountry", seller.country()).param("zone", zone.getId())
                .param("yesterday", LocalDate.now(zone).minusDays(1)).param("lastMonth", now.minusMonths(1).atDay(1))
                .param("admin", jdbc.sql("select min(id) from users where role = 'ADMIN'").query(Long.class).single())
                .update();
        jdbc.sql("""
                insert into invoice_lines (invoice_id, position, product_id, description, quantity, unit, unit_price,
                                           discount_percent, tax_rate, net_amount)
                select i.id, l.position, l.product_id, l.description, l.quantity, l.unit, l.unit_price,
                       l.discount_percent, l.tax_rate, l.net_amount
                from demo_purchases p join invoices i on i.number = p.invoice_number
                join order_lines l on l.order_id = i.order_id order by i.id, l.position""").update();
        jdbc.sql("""
                insert into payments (invoice_id, amount, paid_on, method, reference, created_at)
                select i.id, i.paid_total, least(p.day + 3 + floor(p.fate * 1000)::int % 28, cast(:yesterday as date)),
                       'TRANSFER', i.number, coalesce(i.paid_at, i.created_at)
                from demo_purchases p join invoices i on i.number = p.invoice_number where i.paid_total > 0""")
                .param("yesterday", LocalDate.now(zone).minusDays(1)).update();
        // the counters go on from the history: the next document of a month or year takes the next number
        jdbc.sql("""
                insert into document_counters (series, period, last_number)
                select 'INVOICE', to_char(month, 'YYYY-MM'), count(*) from demo_purchases group by month
                union all
                select 'ORDER', extract(year from day)::text, count(*) from demo_purchases group by 2
                on conflict (series, period) do update set last_number = excluded.last_number""").update();
        log.info("Demo purchases: {} orders invoiced over {} months", orders, months.size());
    }
}
