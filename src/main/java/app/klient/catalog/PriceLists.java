package app.klient.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

import app.klient.catalog.internal.PriceList;
import app.klient.catalog.internal.PriceListRepository;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Price lists: one active list per currency and customer group, so that the price a sale gets is never a matter of
 * chance. A list holds a price for each product it names; products it does not name keep their own price.
 */
@Service
public class PriceLists {

    static final BigDecimal MAX_PRICE = new BigDecimal("9999999999999999.99");

    private final PriceListRepository lists;
    private final Products products;
    private final JdbcClient jdbc;

    PriceLists(PriceListRepository lists, Products products, JdbcClient jdbc) {
        this.lists = lists;
        this.products = products;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<PriceListView> list() {
        return lists.findAllByOrderByActiveDescCurrencyAscNameAsc().stream().map(l -> view(l, List.of())).toList();
    }

    @Transactional(readOnly = true)
    public PriceListView get(long id) {
        PriceList list = find(id);
        List<PriceListView.Item> items = jdbc.sql("""
                select p.id, p.sku, p.name, p.name_pl, p.name_cs, p.unit, i.unit_price, p.unit_price as own, p.currency
                from price_list_items i join products p on p.id = i.product_id
                where i.price_list_id = :list order by lower(p.name), p.id""").param("list", id)
                .query((rs, n) -> new PriceListView.Item(rs.getLong(1), rs.getString(2),
                        ProductView.localized(rs.getString(3), rs.getString(4), rs.getString(5),
                                LocaleContextHolder.getLocale()),
                        rs.getString(6), rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getString(9)))
                .list();
        return view(list, items);
    }

    /** A product's price on each list that names it. */
    public record ListedPrice(long priceListId, String priceList, String currency, String customerGroup,
            boolean active, BigDecimal unitPrice) {
    }

    @Transactional(readOnly = true)
    public List<ListedPrice> pricesOf(long productId) {
        return jdbc.sql("""
                select l.id, l.name, l.currency, l.customer_group, l.active, i.unit_price
                from price_list_items i join price_lists l on l.id = i.price_list_id
                where i.product_id = :product order by l.active desc, l.currency, l.name""")
                .param("product", productId)
                .query((rs, n) -> new ListedPrice(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getBigDecimal(6)))
                .list();
    }

    @Transactional
    public PriceListView create(PriceListForm form) {
        PriceList list = new PriceList(form.name().strip(), checkedCurrency(form.currency()),
                blankToNull(form.customerGroup()));
        return view(save(list), List.of());
    }

    @Transactional
    public PriceListView update(long id, PriceListForm form) {
        PriceList list = find(id);
        checkVersion(list, form.version());
        list.fill(form.name().strip(), checkedCurrency(form.currency()), blankToNull(form.customerGroup()));
        save(list);
        return get(id);
    }

    /** Retires a list (its prices no longer apply) or brings it back. */
    @Transactional
    public PriceListView setActive(long id, boolean active, Integer version) {
        PriceList list = find(id);
        checkVersion(list, version);
        list.setActive(active);
        save(list);
        return get(id);
    }

    /** Sets the price of a product on a list, replacing the one it had there. */
    @Transactional
    public PriceListView setPrice(long id, Long productId, BigDecimal price) {
        find(id);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (productId == null || !products.exists(productId)) {
            errors.add("productId", "product.notFound");
        }
        if (price == null || price.signum() < 0 || price.compareTo(MAX_PRICE) > 0 || price.scale() > 2) {
            errors.add("unitPrice", "product.price");
        }
        errors.throwIfAny();
        jdbc.sql("""
                insert into price_list_items (price_list_id, product_id, unit_price) values (:list, :product, :price)
                on conflict (price_list_id, product_id) do update set unit_price = excluded.unit_price""")
                .param("list", id).param("product", productId).param("price", price.setScale(2, RoundingMode.UNNECESSARY))
                .update();
        return get(id);
    }

    @Transactional
    public PriceListView removePrice(long id, long productId) {
        find(id);
        jdbc.sql("delete from price_list_items where price_list_id = :list and product_id = :product")
                .param("list", id).param("product", productId).update();
        return get(id);
    }

    private PriceList save(PriceList list) {
        try {
            return lists.saveAndFlush(list);
        }
        catch (DataIntegrityViolationException e) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("customerGroup", "priceList.duplicate")));
        }
    }

    private static String checkedCurrency(String currency) {
        String code = currency.strip().toUpperCase(Locale.ROOT);
        if (!Currencies.known(code)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("currency", "deal.currency")));
        }
        return code;
    }

    private static void checkVersion(PriceList list, Integer version) {
        Versions.check(version, list.getVersion());
    }

    private PriceList find(long id) {
        return lists.findById(id).orElseThrow(() -> KlientException.notFound("priceList.notFound"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static PriceListView view(PriceList l, List<PriceListView.Item> items) {
        return new PriceListView(l.getId(), l.getName(), l.getCurrency(), l.getCustomerGroup(), l.isActive(), items,
                l.getVersion());
    }
}
