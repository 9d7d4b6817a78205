package app.klient.surveys.results;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.klient.billing.Purchases;
import app.klient.service.Tickets;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Learns which products each invitation was about, for the results per product: a ticket's product, the products
 * on an order's or an invoice's lines (asked of service and billing). A batch of invitations is claimed with
 * {@code for update skip locked}, so several nodes never learn the same ones twice; an invitation for a deal, a
 * segment or by hand is about no product and is only marked known.
 */
@Component
class SurveyProducts {

    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final Purchases purchases;
    private final Tickets tickets;
    private final TransactionTemplate transaction;

    SurveyProducts(JdbcClient jdbc, Purchases purchases, Tickets tickets, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.purchases = purchases;
        this.tickets = tickets;
        this.transaction = transaction;
    }

    @Scheduled(fixedDelayString = "${klient.surveys.products-every:PT60S}", initialDelayString = "PT40S")
    public void tick() {
        // each batch in its own transaction, so a long backlog holds no locks for long
        while (Integer.valueOf(BATCH).equals(transaction.execute(status -> learnBatch()))) {
            // a full batch: there may be more
        }
    }

    /** Learns the products of every invitation not yet known, in the caller's transaction; answers how many. */
    @Transactional
    public int learnAll() {
        int learned = 0;
        int batch;
        do {
            batch = learnBatch();
            learned += batch;
        }
        while (batch == BATCH);
        return learned;
    }

    private int learnBatch() {
        record Pending(long id, String causeKind, Long causeId) {
        }
        List<Pending> pending = jdbc.sql("""
                select id, cause_kind, cause_id from survey_invitations where not products_known
                order by id limit :batch for update skip locked""").param("batch", BATCH)
                .query((rs, n) -> new Pending(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3))).list();
        if (pending.isEmpty()) {
            return 0;
        }
        Map<String, List<Long>> causes = new HashMap<>();
        pending.stream().filter(p -> p.causeId() != null).forEach(p -> causes.computeIfAbsent(p.causeKind(),
                k -> new ArrayList<>()).add(p.causeId()));
        Map<Long, List<Long>> ofTickets = new HashMap<>();
        tickets.productsOf(causes.getOrDefault("TICKET", List.of()))
                .forEach((ticket, product) -> ofTickets.put(ticket, List.of(product)));
        Map<Long, List<Long>> ofOrders = purchases.productsOf("ORDER", causes.getOrDefault("ORDER", List.of()));
        Map<Long, List<Long>> ofInvoices = purchases.productsOf("INVOICE", causes.getOrDefault("INVOICE", List.of()));
        List<Long> invitations = new ArrayList<>();
        List<Long> products = new ArrayList<>();
        for (Pending p : pending) {
            Map<Long, List<Long>> of = "TICKET".equals(p.causeKind()) ? ofTickets
                    : "ORDER".equals(p.causeKind()) ? ofOrders : "INVOICE".equals(p.causeKind()) ? ofInvoices
                            : Map.of();
            for (Long product : p.causeId() == null ? List.<Long>of() : of.getOrDefault(p.causeId(), List.of())) {
                invitations.add(p.id());
                products.add(product);
            }
        }
        jdbc.sql("""
                insert into survey_invitation_products (invitation_id, product_id)
                select * from unnest(cast(:invitations as bigint[]), cast(:products as bigint[]))
                on conflict do nothing""").param("invitations", invitations.toArray(Long[]::new))
                .param("products", products.toArray(Long[]::new)).update();
        jdbc.sql("update survey_invitations set products_known = true where id = any(cast(:ids as bigint[]))")
                .param("ids", pending.stream().map(Pending::id).toArray(Long[]::new)).update();
        return pending.size();
    }
}
