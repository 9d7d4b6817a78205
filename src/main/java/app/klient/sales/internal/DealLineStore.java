package app.klient.sales.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import app.klient.catalog.LineItems;
import app.klient.platform.InvalidFields;
import app.klient.sales.DealLine;
import app.klient.sales.DealLineForm;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The lines of deals: priced from the catalog when they name a product, kept in {@code deal_lines}. */
@Component
public class DealLineStore {

    private final JdbcClient jdbc;
    private final LineItems items;

    DealLineStore(JdbcClient jdbc, LineItems items) {
        this.jdbc = jdbc;
        this.items = items;
    }

    /**
     * Completes lines from the catalog (see {@link LineItems}); every bad line is named under {@code field}. A
     * free-text line needs its VAT rate chosen (or exempt): the catalog's 0 % default for it is no one's choice.
     */
    public List<LineItems.Item> price(List<DealLineForm> lines, String currency, Collection<String> groups,
            Locale locale, String field) {
        List<LineItems.Item> priced = items.complete(lines.stream().map(l -> l == null ? null
                : new LineItems.Request(l.productId(), l.description(), l.quantity(), l.unitPrice(),
                        l.discountPercent(), l.taxRate(), Boolean.TRUE.equals(l.taxExempt()))).toList(),
                currency, groups, locale, field, false);
        // after the catalog's checks, so a line without a price says that first
        InvalidFields.Collector errors = new InvalidFields.Collector();
        for (int i = 0; i < lines.size(); i++) {
            DealLineForm l = lines.get(i);
            if (l.productId() == null && l.taxRate() == null && !Boolean.TRUE.equals(l.taxExempt())) {
                errors.add((field == null ? "" : field + "[" + i + "].") + "taxRate", "dealLine.taxRate.required");
            }
        }
        errors.throwIfAny();
        return priced;
    }

    public List<DealLine> of(long dealId) {
        return jdbc.sql("""
                select id, product_id, description, quantity, unit, unit_price, discount_percent, tax_rate, net_amount,
                       tax_exempt
                from deal_lines where deal_id = :deal order by position, id""").param("deal", dealId)
                .query((rs, n) -> new DealLine(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3),
                        rs.getBigDecimal(4), rs.getString(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                        rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBoolean(10)))
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

    public void replace(long dealId, List<LineItems.Item> lines) {
        jdbc.sql("delete from deal_lines where deal_id = :deal").param("deal", dealId).update();
        lines.forEach(line -> add(dealId, line));
    }

    public void add(long dealId, LineItems.Item line) {
        jdbc.sql("""
                insert into deal_lines (deal_id, position, product_id, description, quantity, unit, unit_price,
                                        discount_percent, tax_rate, tax_exempt, net_amount)
                values (:deal, (select coalesce(max(position), -1) + 1 from deal_lines where deal_id = :deal),
                        :product, :description, :quantity, :unit, :price, :discount, :tax, :exempt, :net)""")
                .param("deal", dealId).param("product", line.productId()).param("description", line.description())
                .param("quantity", line.quantity()).param("unit", line.unit()).param("price", line.unitPrice())
                .param("discount", line.discountPercent()).param("tax", line.taxRate())
                .param("exempt", line.taxExempt()).param("net", line.netAmount()).update();
    }

    /** Changes a line in place (its position stays); false when the deal has no such line. */
    public boolean change(long dealId, long lineId, LineItems.Item line) {
        return jdbc.sql("""
                update deal_lines set product_id = :product, description = :description, quantity = :quantity,
                       unit = :unit, unit_price = :price, discount_percent = :discount, tax_rate = :tax,
                       tax_exempt = :exempt, net_amount = :net
                where id = :id and deal_id = :deal""")
                .param("id", lineId).param("deal", dealId).param("product", line.productId())
                .param("description", line.description()).param("quantity", line.quantity())
                .param("unit", line.unit()).param("price", line.unitPrice()).param("discount", line.discountPercent())
                .param("tax", line.taxRate()).param("exempt", line.taxExempt()).param("net", line.netAmount())
                .update() == 1;
    }

    public boolean remove(long dealId, long lineId) {
        return jdbc.sql("delete from deal_lines where id = :id and deal_id = :deal").param("id", lineId)
                .param("deal", dealId).update() == 1;
    }

}
