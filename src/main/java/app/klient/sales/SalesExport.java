package app.klient.sales;

import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import app.klient.audit.AuditLog;
import app.klient.customers.Companies;
import app.klient.identity.Permission;
import app.klient.identity.Users;
import app.klient.platform.export.Column;
import app.klient.platform.export.ExportFormat;
import app.klient.platform.export.Filters;
import app.klient.platform.export.ListExport;
import org.springframework.stereotype.Service;

/** The lead and deal lists as CSV or XLSX, with the list's filters; audited with the filter and the row count. */
@Service
public class SalesExport {

    private static final List<Column> LEAD_COLUMNS = List.of(Column.integer("export.column.id", "id"),
            Column.text("export.column.firstName", "first_name"), Column.text("export.column.lastName", "last_name"),
            Column.text("export.column.email", "email"), Column.text("export.column.phone", "phone"),
            Column.text("export.column.companyName", "company_name"),
            Column.text("export.column.taxId", "company_tax_id"), Column.text("export.column.jobTitle", "job_title"),
            Column.coded("export.column.status", "status", "lead.status."),
            Column.coded("export.column.source", "source", "lead.source."),
            Column.text("export.column.campaign", "utm_campaign"), Column.integer("export.column.score", "score"),
            Column.reference("export.column.owner", "owner_id", "users"),
            Column.text("export.column.message", "message"),
            Column.moment("export.column.createdAt", "created_at"),
            Column.moment("export.column.convertedAt", "converted_at"));

    private static final List<Column> DEAL_COLUMNS = List.of(Column.integer("export.column.id", "id"),
            Column.text("export.column.name", "name"), Column.reference("export.column.company", "company_id", "companies"),
            Column.text("export.column.pipeline", "pipeline_name"),
            new Column("export.column.stage", rs -> Pipelines.stageName(rs.getString("stage_name"),
                    rs.getString("name_pl"), rs.getString("name_cs"))),
            Column.integer("export.column.probability", "probability"),
            Column.number("export.column.amount", "amount"), Column.text("export.column.currency", "currency"),
            Column.day("export.column.expectedClose", "expected_close_date"),
            Column.coded("export.column.status", "status", "deal.status."),
            Column.reference("export.column.owner", "owner_id", "users"),
            Column.text("export.column.nextStep", "next_step"), Column.text("export.column.lostReason", "lost_reason"),
            Column.moment("export.column.createdAt", "created_at"),
            Column.moment("export.column.closedAt", "closed_at"));

    private final ListExport export;
    private final Users users;
    private final Companies companies;
    private final AuditLog audit;

    SalesExport(ListExport export, Users users, Companies companies, AuditLog audit) {
        this.export = export;
        this.users = users;
        this.companies = companies;
        this.audit = audit;
    }

    public void leads(LeadQuery query, ExportFormat format, OutputStream out) {
        Map<String, Object> params = new HashMap<>();
        String where = Leads.where(query, params);
        exported("lead", format, query, written -> export.write(format, out, "nav.leads", LEAD_COLUMNS,
                "select l.* from leads l" + where + " order by l.score desc, l.id desc", params,
                Map.of("users", users::names), written));
    }

    public void deals(DealQuery query, ExportFormat format, OutputStream out) {
        Map<String, Object> params = new HashMap<>();
        String where = Deals.where(query, params);
        exported("deal", format, query, written -> export.write(format, out, "nav.deals", DEAL_COLUMNS, """
                select d.*, p.name as pipeline_name, s.name as stage_name, s.name_pl, s.name_cs, s.probability
                from deals d join stages s on s.id = d.stage_id join pipelines p on p.id = d.pipeline_id"""
                + where + " order by d.expected_close_date nulls last, d.id", params,
                Map.of("users", users::names, "companies", companies::names), written));
    }

    /** Checks the permission before anything is written, then records what left Klient, even when broken off. */
    private void exported(String type, ExportFormat format, Record query, Consumer<long[]> run) {
        Permission.EXPORT_SALES.check();
        audit.exported(type, format, Filters.describe(query), run);
    }
}
