package app.klient.loyalty.internal;

import app.klient.customers.CustomersMerged;
import app.klient.platform.KlientException;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merged customer's loyalty account, with its whole ledger, follows the survivor. The ledger is history that is
 * never rewritten, so two accounts in one program cannot become one: such a merge is refused, naming the program.
 */
@Component
class MergedLoyaltyRows {

    private final JdbcClient jdbc;

    MergedLoyaltyRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        String column = merged.column();
        jdbc.sql("""
                select p.name from loyalty_accounts a join loyalty_programs p on p.id = a.program_id
                 where a.%1$s in (:all) group by p.id, p.name having count(*) > 1 order by p.name limit 1"""
                .formatted(column))
                .param("all", java.util.stream.Stream.concat(java.util.stream.Stream.of(merged.survivorId()),
                        merged.mergedIds().stream()).toList())
                .query(String.class).optional().ifPresent(program -> {
                    throw KlientException.conflict("duplicates.merge.loyaltyTwice", program);
                });
        jdbc.sql("update loyalty_accounts set " + column + " = :survivor, version = version + 1 where " + column
                + " in (:merged)").param("survivor", merged.survivorId()).param("merged", merged.mergedIds())
                .update();
    }
}
