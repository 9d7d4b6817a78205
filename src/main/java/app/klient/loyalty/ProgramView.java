package app.klient.loyalty;

import java.time.LocalDate;
import java.util.List;

/**
 * A loyalty program as read: what earns (INVOICE_PAID or ORDER_DELIVERED), who takes part (ALL, SEGMENT with
 * {@code segmentId}, or FORM: those who gave the 'loyalty' consent by a form), after how many months points expire
 * (null: never), from which day purchases earn, how many days before expiry the customer is told, and its rules.
 */
public record ProgramView(long id, String name, boolean active, String earnOn, String participation, Long segmentId,
        Integer expireMonths, LocalDate earnFrom, int noticeDays, long accounts, List<RuleView> rules, int version) {
}
