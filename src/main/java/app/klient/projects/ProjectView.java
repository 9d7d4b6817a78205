package app.klient.projects;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A project as read, with what its time entries add up to: minutes logged, billable and not yet invoiced; late when
 * still open past its due date, over budget when more hours were logged than budgeted. {@code next}: the statuses it
 * may move to; {@code canChange}: whether the reader may change it.
 */
public record ProjectView(long id, String name, String description, Long companyId, String companyName,
        Long contactId, String contactName, Long dealId, String dealTitle, Long orderId, long managerId,
        String managerName, Long teamId, String teamName, LocalDate startsOn, LocalDate dueOn, BigDecimal budgetHours,
        BigDecimal budgetAmount, String currency, ProjectStatus status, Health health, String healthComment,
        Instant healthAt, String healthByName, List<Member> members, long loggedMinutes, long billableMinutes,
        long unbilledMinutes, boolean late, boolean overBudget, Instant closedAt, Instant createdAt,
        Instant updatedAt, int version, Set<ProjectStatus> next, boolean canChange) {

    public record Member(long id, String name) {
    }

    /** The customer's name: the company's, else the private contact's. */
    public String customerName() {
        return companyName != null ? companyName : contactName;
    }

    /** Hours logged, to one decimal. */
    public BigDecimal loggedHours() {
        return BigDecimal.valueOf(loggedMinutes).divide(BigDecimal.valueOf(60), 1, java.math.RoundingMode.HALF_UP);
    }

    /** Share of the budgeted hours logged (0–100+), or null without an hours budget. */
    public Integer budgetUsedPercent() {
        if (budgetHours == null || budgetHours.signum() == 0) {
            return null;
        }
        return BigDecimal.valueOf(loggedMinutes).multiply(BigDecimal.valueOf(100))
                .divide(budgetHours.multiply(BigDecimal.valueOf(60)), 0, java.math.RoundingMode.HALF_UP).intValue();
    }
}
