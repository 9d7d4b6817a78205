package app.klient.loyalty.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether the tiers ({@code loyalty_tiers}, {@code loyalty_accounts.tier_id}) are in this database: earning reads a
 * tier's multiplier and the card its name when they are, and earns at 1× without a name when they are not. Once they
 * are there they stay, so the answer is kept after the first yes.
 */
@Component
public class TierSchema {

    private final JdbcClient jdbc;
    private volatile boolean present;

    TierSchema(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean present() {
        if (!present) {
            present = jdbc.sql("""
                    select to_regclass('loyalty_tiers') is not null
                       and exists (select 1 from information_schema.columns
                                   where table_schema = current_schema() and table_name = 'loyalty_accounts'
                                     and column_name = 'tier_id')""").query(Boolean.class).single();
        }
        return present;
    }
}
