package app.klient.analytics.kpi.sales;

import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo's sales history, so the sales KPIs have something to say on the first start: each demo deal was created
 * when its stage history starts and closed when it was won or lost (the demo writes the history months back but
 * creates the deals today), and every third of the leads that got as far as being contacted or qualified came before
 * a deal and was converted into it (the newest deals: the funnel of this year has leads that became deals).
 */
@Component
@Order(95)
class DemoSalesHistory implements DemoData {

    private final JdbcClient jdbc;

    DemoSalesHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void fill(Faker faker) {
        jdbc.sql("""
                update deals d set created_at = h.first_move, closed_at = coalesce(h.closed, d.closed_at),
                    stage_entered_at = h.last_open, updated_at = greatest(h.last_move, d.created_at)
                from (select deal_id, min(moved_at) as first_move, max(moved_at) as last_move,
                             max(moved_at) filter (where status = 'OPEN') as last_open,
                             max(moved_at) filter (where status in ('WON', 'LOST')) as closed
                      from deal_stage_history group by deal_id) h
                where h.deal_id = d.id and h.first_move < d.created_at""").update();
        jdbc.sql("""
                with chosen as (
                    select l.id, row_number() over (order by l.id) as n
                    from leads l where l.status in ('CONTACTED', 'QUALIFIED') and l.deal_id is null),
                deals_in_order as (
                    select d.id, d.company_id, d.created_at,
                           row_number() over (order by d.created_at desc, d.id) as n from deals d
                    where not exists (select 1 from leads l where l.deal_id = d.id))
                update leads l set status = 'CONVERTED', deal_id = d.id, company_id = d.company_id,
                    created_at = d.created_at - interval '3 days', converted_at = d.created_at
                from chosen c join deals_in_order d on d.n = c.n
                where l.id = c.id and c.n % 3 = 0""").update();
    }
}
