package app.klient.service;

import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.klient.audit.AuditLog;
import app.klient.customers.Companies;
import app.klient.identity.Permission;
import app.klient.identity.Users;
import app.klient.platform.export.Column;
import app.klient.platform.export.ExportFormat;
import app.klient.platform.export.Filters;
import app.klient.platform.export.ListExport;
import org.springframework.stereotype.Service;

/** The ticket list as CSV or XLSX, with the list's filters and its SLA times; audited with the row count. */
@Service
public class TicketExport {

    private static final List<Column> COLUMNS = List.of(Column.integer("export.column.id", "id"),
            Column.text("export.column.number", "number"), Column.text("export.column.subject", "subject"),
            Column.coded("export.column.status", "status", "ticket.status."),
            Column.coded("export.column.priority", "priority", "ticket.priority."),
            Column.text("export.column.category", "category"),
            Column.reference("export.column.company", "company_id", "companies"),
            Column.text("export.column.email", "requester_email"),
            Column.reference("export.column.assignee", "assignee_id", "users"),
            Column.moment("export.column.createdAt", "created_at"),
            Column.moment("export.column.firstResponseDue", "first_response_due_at"),
            Column.moment("export.column.firstRespondedAt", "first_responded_at"),
            Column.moment("export.column.resolutionDue", "resolution_due_at"),
            Column.moment("export.column.resolvedAt", "resolved_at"),
            new Column("export.column.breached", rs -> rs.getBoolean("breached")),
            Column.integer("export.column.csat", "csat"), Column.integer("export.column.ces", "ces"));

    private final ListExport export;
    private final Users users;
    private final Companies companies;
    private final AuditLog audit;

    TicketExport(ListExport export, Users users, Companies companies, AuditLog audit) {
        this.export = export;
        this.users = users;
        this.companies = companies;
        this.audit = audit;
    }

    public void tickets(Tickets.Query query, ExportFormat format, OutputStream out) {
        Permission.EXPORT_TICKETS.check();
        Map<String, Object> params = new HashMap<>();
        String where = Tickets.where(query, params);
        audit.exported("ticket", format, Filters.describe(query), rows -> export.write(format, out, "nav.serviceDesk",
                COLUMNS, "select t.* from tickets t" + where + " order by t.created_at desc, t.id desc", params,
                Map.of("users", users::names, "companies", companies::names), rows));
    }
}
