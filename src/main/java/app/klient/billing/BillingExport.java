package app.klient.billing;

import java.io.OutputStream;
import java.time.LocalDate;
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

/**
 * The quote, order and invoice lists as CSV or XLSX, with the lists' filters: quotes and orders for those who may
 * export the sales lists, invoices for those who may export invoices; audited with the filter and the row count.
 */
@Service
public class BillingExport {

    private static final List<Column> QUOTE_COLUMNS = List.of(Column.integer("export.column.id", "id"),
            Column.integer("export.column.revision", "revision"),
            Column.reference("export.column.company", "company_id", "companies"),
            Column.coded("export.column.status", "status", "quote.status."),
            Column.day("export.column.validUntil", "valid_until"),
            Column.text("export.column.currency", "currency"), Column.number("export.column.net", "net_total"),
            Column.number("export.column.tax", "tax_total"), Column.number("export.column.gross", "gross_total"),
            Column.reference("export.column.owner", "owner_id", "users"),
            Column.moment("export.column.createdAt", "created_at"),
            Column.moment("export.column.updatedAt", "updated_at"));

    private static final List<Column> ORDER_COLUMNS = List.of(Column.integer("export.column.id", "id"),
            Column.text("export.column.number", "number"),
            Column.reference("export.column.company", "company_id", "companies"),
            Column.coded("export.column.status", "status", "order.status."),
            Column.moment("export.column.orderedAt", "ordered_at"),
            Column.text("export.column.currency", "currency"), Column.number("export.column.net", "net_total"),
            Column.number("export.column.tax", "tax_total"), Column.number("export.column.gross", "gross_total"),
            Column.reference("export.column.owner", "owner_id", "users"),
            Column.text("export.column.externalSource", "external_source"),
            Column.text("export.column.externalId", "external_id"));

    private final ListExport export;
    private final Invoices invoices;
    private final Users users;
    private final Companies companies;
    private final AuditLog audit;

    BillingExport(ListExport export, Invoices invoices, Users users, Companies companies, AuditLog audit) {
        this.export = export;
        this.invoices = invoices;
        this.users = users;
        this.companies = companies;
        this.audit = audit;
    }

    public void quotes(Quotes.Query query, ExportFormat format, OutputStream out) {
        Permission.EXPORT_SALES.check();
        Map<String, Object> params = new HashMap<>();
        String where = Quotes.where(query, params);
        exported("quote", format, query, written -> export.write(format, out, "nav.quotes", QUOTE_COLUMNS,
                "select q.* from quotes q" + where + " order by q.updated_at desc, q.id desc", params,
                Map.of("users", users::names, "companies", companies::names), written));
    }

    public void orders(Orders.Query query, ExportFormat format, OutputStream out) {
        Permission.EXPORT_SALES.check();
        Map<String, Object> params = new HashMap<>();
        String where = Orders.where(query, params);
        exported("order", format, query, written -> export.write(format, out, "nav.orders", ORDER_COLUMNS,
                "select o.* from orders o" + where + " order by o.ordered_at desc, o.id desc", params,
                Map.of("users", users::names, "companies", companies::names), written));
    }

    public void invoices(Invoices.Query query, ExportFormat format, OutputStream out) {
        Permission.EXPORT_INVOICES.check();
        Map<String, Object> params = new HashMap<>();
        String where = invoices.where(query, params);
        LocalDate today = invoices.today();
        List<Column> columns = List.of(Column.integer("export.column.id", "id"),
                Column.text("export.column.number", "number"), Column.coded("export.column.kind", "kind", "export.invoices.kind."),
                new Column("export.column.status", rs -> {
                    InvoiceStatus status = Invoices.status(rs.getString("kind"), rs.getTimestamp("paid_at") != null,
                            rs.getBigDecimal("paid_total"), rs.getObject("due_date", LocalDate.class), today);
                    return new Column.Coded("invoice.status." + status.name(), status.name());
                }),
                Column.day("export.column.issueDate", "issue_date"), Column.day("export.column.saleDate", "sale_date"),
                Column.day("export.column.dueDate", "due_date"),
                Column.text("export.column.buyer", "buyer_name"), Column.text("export.column.taxId", "buyer_tax_id"),
                Column.text("export.column.vatId", "buyer_vat_id"),
                Column.text("export.column.country", "buyer_country"),
                Column.text("export.column.currency", "currency"), Column.number("export.column.net", "net_total"),
                Column.number("export.column.tax", "tax_total"), Column.number("export.column.gross", "gross_total"),
                Column.number("export.column.paid", "paid_total"), Column.moment("export.column.paidAt", "paid_at"),
                Column.coded("export.column.paymentMethod", "payment_method", "payment.method."),
                Column.reference("export.column.owner", "owner_id", "users"));
        exported("invoice", format, query, written -> export.write(format, out, "nav.invoices", columns,
                "select i.* from invoices i" + where + " order by i.issue_date desc, i.id desc", params,
                Map.of("users", users::names), written));
    }

    /** Records what left Klient, with the rows written even when the download broke off. */
    private void exported(String type, ExportFormat format, Record query, Consumer<long[]> run) {
        audit.exported(type, format, Filters.describe(query), run);
    }
}
