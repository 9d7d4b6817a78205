package app.klient.catalog;

import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.klient.audit.AuditLog;
import app.klient.identity.Permission;
import app.klient.platform.export.Column;
import app.klient.platform.export.ExportFormat;
import app.klient.platform.export.Filters;
import app.klient.platform.export.ListExport;
import org.springframework.stereotype.Service;

/** The product list as CSV or XLSX with its prices, names in every language; audited with the row count. */
@Service
public class ProductExport {

    private static final List<Column> COLUMNS = List.of(Column.integer("export.column.id", "id"),
            Column.text("export.column.sku", "sku"), Column.text("export.column.name", "name"),
            Column.text("export.column.namePl", "name_pl"), Column.text("export.column.nameCs", "name_cs"),
            Column.coded("export.column.kind", "kind", "product.kind."), Column.text("export.column.unit", "unit"),
            Column.text("export.column.category", "category"),
            Column.number("export.column.unitPrice", "unit_price"), Column.text("export.column.currency", "currency"),
            Column.number("export.column.taxRate", "tax_rate"),
            new Column("export.column.active", rs -> rs.getBoolean("active")),
            Column.text("export.column.description", "description"),
            Column.moment("export.column.updatedAt", "updated_at"));

    private final ListExport export;
    private final AuditLog audit;

    ProductExport(ListExport export, AuditLog audit) {
        this.export = export;
        this.audit = audit;
    }

    public void products(ProductQuery query, ExportFormat format, OutputStream out) {
        Permission.EXPORT_PRODUCTS.check();
        Map<String, Object> params = new HashMap<>();
        String where = Products.where(query, params);
        audit.exported("product", format, Filters.describe(query), rows -> export.write(format, out, "nav.products",
                COLUMNS, "select p.* from products p" + where + " order by lower(p.name), p.id", params, rows));
    }
}
