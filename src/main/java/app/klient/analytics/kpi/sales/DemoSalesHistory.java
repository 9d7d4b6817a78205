package app.klient.analytics.kpi.sales;

import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo's sales history, so the sales KPIs have something to say on the first start: each demo deal was created
 * when its stage history starts and closed when it was won or lost (the demo writes the history months back but
 * creates the deals today). The leads that became deals are the sales module's demo (its leads of three years).
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
    }
}
