package app.klient.loyalty;

import java.util.Collection;

/**
 * Told, inside the transaction that wrote them, which accounts just got ledger rows: whatever depends on a balance
 * or on what was earned (a tier's upgrade, which is at once) follows in the same commit.
 */
public interface BalanceChanged {

    void changed(Collection<Long> accountIds);
}
