package app.klient.activities;

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

/** The activity and task lists as CSV or XLSX, with the lists' filters; audited with the row count. */
@Service
public class ActivityExport {

    private static final List<Column> ACTIVITY_COLUMNS = List.of(Column.integer("export.column.id", "id"),
            Column.coded("export.column.type", "type", "activity.type."),
            Column.text("export.column.subject", "subject"), Column.moment("export.column.occurredAt", "occurred_at"),
            Column.integer("export.column.duration", "duration_minutes"), Column.text("export.column.outcome", "outcome"),
            Column.reference("export.column.company", "company_id", "companies"),
            Column.reference("export.column.owner", "owner_id", "users"), Column.text("export.column.body", "body"));

    private static final List<Column> TASK_COLUMNS = List.of(Column.integer("export.column.id", "id"),
            Column.text("export.column.title", "title"), Column.moment("export.column.dueAt", "due_at"),
            Column.coded("export.column.priority", "priority", "task.priority."),
            new Column("export.column.done", rs -> rs.getBoolean("done")),
            Column.moment("export.column.doneAt", "done_at"),
            Column.reference("export.column.assignee", "assignee_id", "users"),
            Column.reference("export.column.company", "company_id", "companies"),
            Column.text("export.column.description", "description"));

    private final ListExport export;
    private final Users users;
    private final Companies companies;
    private final AuditLog audit;

    ActivityExport(ListExport export, Users users, Companies companies, AuditLog audit) {
        this.export = export;
        this.users = users;
        this.companies = companies;
        this.audit = audit;
    }

    public void activities(Activities.Query query, ExportFormat format, OutputStream out) {
        Map<String, Object> params = new HashMap<>();
        String where = Activities.where(query, params);
        exported("activity", format, query, "export.sheet.activities", ACTIVITY_COLUMNS, "select a.* from activities a"
                + where + " order by a.occurred_at desc, a.id desc", params, out);
    }

    public void tasks(Tasks.Query query, ExportFormat format, OutputStream out) {
        Map<String, Object> params = new HashMap<>();
        String where = Tasks.where(query, params);
        exported("task", format, query, "export.sheet.tasks", TASK_COLUMNS, "select t.* from tasks t" + where
                + " order by t.done, t.due_at, t.id", params, out);
    }

    private void exported(String type, ExportFormat format, Record query, String title, List<Column> columns,
            String sql, Map<String, Object> params, OutputStream out) {
        Permission.EXPORT_ACTIVITIES.check();
        audit.exported(type, format, Filters.describe(query), rows -> export.write(format, out, title, columns, sql,
                params, Map.of("users", users::names, "companies", companies::names), rows));
    }
}
