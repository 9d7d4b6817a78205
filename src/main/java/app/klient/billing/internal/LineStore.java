package app.klient.billing.internal;

import java.util.List;

import app.klient.billing.Line;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The lines of quotes, orders and invoices: three tables of one shape. */
@Component
public class LineStore {

    /** Which document's lines; the table and its key column are constants, never user input. */
    public enum Of {
        QUOTE("quote_lines", "quote_id"), ORDER("order_lines", "order_id"), INVOICE("invoice_lines", "invoice_id");

        private final String table;
        private final String key;

        Of(String table, String key) {
            this.table = table;
            this.key = key;
        }
    }

    private final JdbcClient jdbc;

    LineStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Line> read(Of of, long id) {
        return jdbc.sql("select product_id, description, quantity, unit, unit_price, discount_percent, tax_rate, "
                + "tax_exempt, net_amount from " + of.table + " where " + of.key + " = :id order by position, id")
                .param("id", id)
                .query((rs, n) -> new Line((Long) rs.getObject(1), rs.getString(2), rs.getBigDecimal(3),
                        rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                        rs.getBoolean(8), rs.getBigDecimal(9)))
                .list();
    }

    public void write(Of of, long id, List<Line> lines) {
        int position = 0;
        for (Line line : lines) {
            jdbc.sql("insert into " + of.table + " (" + of.key + ", position, product_id, description, quantity, "
                    + "unit, unit_price, discount_percent, tax_rate, tax_exempt, net_amount) values (:id, :position, "
                    + ":product, :description, :quantity, :unit, :price, :discount, :tax, :exempt, :net)")
                    .param("id", id).param("position", position++).param("product", line.productId())
                    .param("description", line.description()).param("quantity", line.quantity())
                    .param("unit", line.unit()).param("price", line.unitPrice())
                    .param("discount", line.discountPercent()).param("tax", line.taxRate())
                    .param("exempt", line.taxExempt()).param("net", line.netAmount()).update();
        }
    }

    public void delete(Of of, long id) {
        jdbc.sql("delete from " + of.table + " where " + of.key + " = :id").param("id", id).update();
    }
}
