package app.klient.sales.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import app.klient.catalog.Price;
import app.klient.catalog.Products;
import app.klient.platform.InvalidFields;
import app.klient.sales.DealLine;
import app.klient.sales.DealLineForm;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The lines of deals: priced from the catalog when they name a product, kept in {@code deal_lines}. */
@Component
public class DealLineStore {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final JdbcClient jdbc;
    private final Products products;

    DealLineStore(JdbcClient jdbc, Products products) {
        this.jdbc = jdbc;
        this.products = products;
    }

    /** A line ready to store: everything known, the net amount computed. */
    public record Priced(Long productId, String description, BigDecimal quantity, String unit, BigDecimal unitPrice,
            BigDecimal discountPercent, BigDecimal taxRate, BigDecimal netAmount) {
    }

    /** quantity × unit price × (1 − discount / 100), half up to cents, per line. */
    public static BigDecimal net(BigDecimal quantity, BigDecimal unitPrice, BigDecimal discountPercent) {
        return quantity.multiply(unitPrice).multiply(HUNDRED.subtract(discountPercent))
                .divide(HUNDRED, 2, RoundingMode.HALF_UP);
    }

    /**
     * Completes lines from the catalog for a sale in {@code currency} to a customer in {@code groups}; every line
     * that cannot be completed is named ({@code lines[2].unitPrice}) and nothing is returned.
     */
    public List<Priced> price(List<DealLineForm> lines, String currency, Collection<String> groups, Locale locale,
            String field) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        List<Priced> priced = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            DealLineForm line = lines.get(i);
            String at = field == null ? "" : field + "[" + i + "].";
            if (line == null || line.quantity() == null) {
                errors.add(at + "quantity", "line.quantity.invalid");
                continue;
            }
            Price catalog = null;
            if (line.productId() != null) {
                if (!products.exists(line.productId())) {
                    errors.add(at + "productId", "product.notFound");
                    continue;
                }
                catalog = products.price(line.productId(), currency, groups, locale).orElse(null);
            }
            BigDecimal unitPrice = line.unitPrice() != null ? line.unitPrice()
                    : catalog == null ? null : catalog.unitPrice();
            String description = blankToNull(line.description()) != null ? line.description().strip()
                    : catalog == null ? null : catalog.description();
            if (unitPrice == null) {
                errors.add(at + "unitPrice", line.productId() == null ? "line.unitPrice.required" : "line.noPrice");
            }
            if (description == null) {
                errors.add(at + "description", "line.description.required");
            }
            if (unitPrice == null || description == null) {
                continue;
            }
            BigDecimal discount = line.discountPercent() == null ? BigDecimal.ZERO : line.discountPercent();
            BigDecimal tax = line.taxRate() != null ? line.taxRate()
                    : catalog == null ? BigDecimal.ZERO : catalog.taxRate();
            BigDecimal quantity = line.quantity().setScale(3, RoundingMode.HALF_UP);
            unitPrice = unitPrice.setScale(2, RoundingMode.HALF_UP);
            discount = discount.setScale(2, RoundingMode.HALF_UP);
            priced.add(new Priced(line.productId(), description, quantity,
                    catalog == null ? "pcs" : catalog.unit(), unitPrice, discount,
                    tax.setScale(2, RoundingMode.HALF_UP), net(quantity, unitPrice, discount)));
        }
        errors.throwIfAny();
        return priced;
    }

    public List<DealLine> of(long dealId) {
        return jdbc.sql("""
                select id, product_id, description, quantity, unit, unit_price, discount_percent, tax_rate, net_amount
                from deal_lines where deal_id = :deal order by position, id""").param("deal", dealId)
                .query((rs, n) -> new DealLine(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3),
                        rs.getBigDecimal(4), rs.getString(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                        rs.getBigDecimal(8), rs.getBigDecimal(9)))
                .list();
    }

    public boolean has(long dealId) {
        return jdbc.sql("select exists (select 1 from deal_lines where deal_id = :deal)").param("deal", dealId)
                .query(Boolean.class).single();
    }

    /** The sum of the lines' net amounts; zero without lines. */
    public BigDecimal total(long dealId) {
        return jdbc.sql("select coalesce(sum(net_amount), 0) from deal_lines where deal_id = :deal")
                .param("deal", dealId).query(BigDecimal.class).single().setScale(2, RoundingMode.UNNECESSARY);
    }

    public void replace(long dealId, List<Priced> lines) {
        jdbc.sql("delete from deal_lines where deal_id = :deal").param("deal", dealId).update();
        lines.forEach(line -> add(dealId, line));
    }

    public void add(long dealId, Priced line) {
        jdbc.sql("""
                insert into deal_lines (deal_id, position, product_id, description, quantity, unit, unit_price,
                                        discount_percent, tax_rate, net_amount)
                values (:deal, (select coalesce(max(position), -1) + 1 from deal_lines where deal_id = :deal),
                        :product, :description, :quantity, :unit, :price, :discount, :tax, :net)""")
                .param("deal", dealId).param("product", line.productId()).param("description", line.description())
                .param("quantity", line.quantity()).param("unit", line.unit()).param("price", line.unitPrice())
                .param("discount", line.discountPercent()).param("tax", line.taxRate())
                .param("net", line.netAmount()).update();
    }

    /** Changes a line in place (its position stays); false when the deal has no such line. */
    public boolean change(long dealId, long lineId, Priced line) {
        return jdbc.sql("""
                update deal_lines set product_id = :product, description = :description, quantity = :quantity,
                       unit = :unit, unit_price = :price, discount_percent = :discount, tax_rate = :tax, net_amount = :net
                where id = :id and deal_id = :deal""")
                .param("id", lineId).param("deal", dealId).param("product", line.productId())
                .param("description", line.description()).param("quantity", line.quantity())
                .param("unit", line.unit()).param("price", line.unitPrice()).param("discount", line.discountPercent())
                .param("tax", line.taxRate()).param("net", line.netAmount()).update() == 1;
    }

    public boolean remove(long dealId, long lineId) {
        return jdbc.sql("delete from deal_lines where id = :id and deal_id = :deal").param("id", lineId)
                .param("deal", dealId).update() == 1;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
