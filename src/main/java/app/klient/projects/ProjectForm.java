package app.klient.projects;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * A project as a person writes it: for a company or a private contact (one of them at least), optionally the deal or
 * order it delivers; its manager (yourself when left out) and team; when it starts and is due; its budget in hours
 * and money; the members who work on it besides the manager. {@code version} is the one read, for a change.
 */
@JsonIgnoreProperties({ "id", "status", "health", "healthComment", "healthAt", "healthByName", "companyName",
    "contactName", "managerName", "teamName", "dealTitle", "members", "loggedMinutes", "billableMinutes",
    "unbilledMinutes", "late", "overBudget", "closedAt", "createdAt", "updatedAt", "next", "canChange" })
public record ProjectForm(String name, String description, Long companyId, Long contactId, Long dealId, Long orderId,
        Long managerId, Long teamId, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startsOn,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueOn, BigDecimal budgetHours,
        BigDecimal budgetAmount, String currency, List<Long> memberIds, Integer version) {
}
