package app.klient.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import app.klient.catalog.internal.Product;
import app.klient.catalog.internal.ProductRepository;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.SearchText;
import app.klient.platform.web.CountedPage;
import app.klient.platform.db.Versions;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The product catalog. A product is never deleted once it may have been sold: it is retired (inactive) and stays on
 * the deals, quotes and invoices that name it. The price for a sale comes from the price list for the sale's
 * currency and the customer's group, else from the currency's general list, else the product's own price when the
 * currencies match.
 */
@Service
public class Products {

    /** The sorts the product list offers (API name to SQL). */
    public static final Map<String, String> SORTS = Map.of("name", "lower(p.name) %s, p.id %s", "sku",
            "lower(p.sku) %s, p.id %s", "unitPrice", "p.unit_price %s, p.id %s", "updatedAt",
            "p.updated_at %s, p.id %s");

    private final ProductRepository products;
    private final JdbcClient jdbc;
    private final String companyCurrency;

    Products(ProductRepository products, JdbcClient jdbc, ExchangeRates rates) {
        this.products = products;
        this.jdbc = jdbc;
        this.companyCurrency = rates.companyCurrency();
    }

    @Transactional(readOnly = true)
    public ProductView get(long id) {
        return view(find(id));
    }

    /** The list's filters as SQL over products {@code p}, starting with " where", their values put in {@code params}. */
    static String where(ProductQuery query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        String pattern = SearchText.pattern(query.q());
        if (pattern != null) {
            where.append(" and p.search_text like :q");
            params.put("q", pattern);
        }
        if (query.category() != null && !query.category().isBlank()) {
            where.append(" and p.category = :category");
            params.put("category", query.category().strip());
        }
        if (!Boolean.TRUE.equals(query.includeInactive())) {
            where.append(" and p.active");
        }
        return where.toString();
    }

    @Transactional(readOnly = true)
    public CountedPage<ProductView> list(ProductQuery query, Pageable page) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(query, params);
        Sort.Order order = page.getSort().stream().findFirst().orElse(Sort.Order.asc("name"));
        String orderBy = SORTS.getOrDefault(order.getProperty(), SORTS.get("name"))
                .replace("%s", order.isAscending() ? "asc" : "desc");
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<Long> ids = jdbc.sql("select p.id from products p" + where + " order by " + orderBy
                + " limit :limit offset :offset").params(paged).query(Long.class).list();
        Map<Long, Product> found = new LinkedHashMap<>();
        products.findAllById(ids).forEach(p -> found.put(p.getId(), p));
        List<ProductView> rows = ids.stream().map(found::get).map(Products::view).toList();
        return CountedPage.of(rows, page, jdbc, "from products p" + where, params);
    }

    /** Active products for a picker, by name; a catalog of a small company fits, a huge one is searched by text. */
    @Transactional(readOnly = true)
    public List<ProductView> options(String q, int limit) {
        return list(new ProductQuery(q, null, false), org.springframework.data.domain.PageRequest.of(0, limit))
                .items();
    }

    @Transactional(readOnly = true)
    public List<String> categories() {
        return jdbc.sql("select distinct category from products where category is not null and active "
                + "order by category limit 200").query(String.class).list();
    }

    @Transactional
    public ProductView create(ProductForm form) {
        Product product = new Product(form.sku().strip());
        fill(product, form, null);
        return view(save(product));
    }

    @Transactional
    public ProductView update(long id, ProductForm form) {
        Product product = find(id);
        Versions.check(form.version(), product.getVersion());
        fill(product, form, id);
        return view(save(product));
    }

    /**
     * Retires a product (it stays on what was sold) or brings it back. Without a version it simply happens: doing it
     * twice changes nothing, so there is no edit to lose.
     */
    @Transactional
    public ProductView setActive(long id, boolean active, Integer version) {
        Product product = find(id);
        if (version != null) {
            Versions.check(version, product.getVersion());
        }
        product.setActive(active);
        return view(products.saveAndFlush(product));
    }

    /**
     * The price of a product for a sale in {@code currency} to a customer in {@code groups} (its tags): the
     * customer's group list first, then the currency's general list, then the product's own price.
     */
    @Transactional(readOnly = true)
    public Optional<Price> price(long productId, String currency, Collection<String> groups, Locale locale) {
        Product product = find(productId);
        String[] lowered = groups.stream().map(g -> g.toLowerCase(Locale.ROOT)).toArray(String[]::new);
        record Listed(BigDecimal price, String list) {
        }
        Optional<Listed> listed = jdbc.sql("""
                select i.unit_price, l.name from price_list_items i join price_lists l on l.id = i.price_list_id
                where i.product_id = :product and l.active and l.currency = :currency
                  and (l.customer_group is null or lower(l.customer_group) = any(:groups))
                order by l.customer_group is null, l.id limit 1""")
                .param("product", productId).param("currency", currency).param("groups", lowered)
                .query((rs, n) -> new Listed(rs.getBigDecimal(1), rs.getString(2))).optional();
        String name = view(product).nameIn(locale);
        if (listed.isPresent()) {
            return Optional.of(new Price(productId, name, product.getUnit(), listed.get().price(), currency,
                    product.getTaxRate(), listed.get().list()));
        }
        if (product.getCurrency().equals(currency)) {
            return Optional.of(new Price(productId, name, product.getUnit(), product.getUnitPrice(), currency,
                    product.getTaxRate(), null));
        }
        return Optional.empty();
    }

    /** Of these products, the goods (kind PRODUCT, not services): what an invoice abroad reports as goods. */
    @Transactional(readOnly = true)
    public java.util.Set<Long> goods(Collection<Long> ids) {
        return ids.isEmpty() ? java.util.Set.of() : java.util.Set.copyOf(jdbc.sql(
                "select id from products where id = any(:ids) and kind = 'PRODUCT'")
                .param("ids", ids.toArray(Long[]::new)).query(Long.class).list());
    }

    /** Of these products, those of Annex 15 of the Polish VAT act (split payment goods). */
    @Transactional(readOnly = true)
    public java.util.Set<Long> splitPaymentGoods(Collection<Long> ids) {
        return ids.isEmpty() ? java.util.Set.of() : java.util.Set.copyOf(jdbc.sql(
                "select id from products where id = any(:ids) and split_payment_goods")
                .param("ids", ids.toArray(Long[]::new)).query(Long.class).list());
    }

    @Transactional(readOnly = true)
    public boolean exists(long id) {
        return products.existsById(id);
    }

    private void fill(Product product, ProductForm form, Long id) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String sku = form.sku().strip();
        products.findBySku(sku).filter(other -> !other.getId().equals(id))
                .ifPresent(other -> errors.add("sku", "product.skuTaken"));
        String currency = blankToNull(form.currency()) == null ? companyCurrency : form.currency();
        if (!Currencies.known(currency)) {
            errors.add("currency", "deal.currency");
        }
        errors.throwIfAny();
        String unit = blankToNull(form.unit());
        product.fill(sku, form.name().strip(), blankToNull(form.namePl()), blankToNull(form.nameCs()),
                form.kind() == null ? ProductKind.PRODUCT : form.kind(), unit == null ? "pcs" : unit,
                blankToNull(form.category()), blankToNull(form.description()),
                form.unitPrice().setScale(2, RoundingMode.HALF_UP), currency,
                form.taxRate().setScale(2, RoundingMode.HALF_UP));
        product.setSplitPaymentGoods(Boolean.TRUE.equals(form.splitPaymentGoods()));
        product.setCostPrice(form.costPrice() == null ? null : form.costPrice().setScale(2, RoundingMode.HALF_UP));
    }

    private Product save(Product product) {
        try {
            return products.saveAndFlush(product);
        }
        catch (DataIntegrityViolationException e) {
            // two people adding the same SKU at once: the unique index decides, the loser hears why
            throw new InvalidFields(List.of(new InvalidFields.FieldError("sku", "product.skuTaken")));
        }
    }

    private Product find(long id) {
        return products.findById(id).orElseThrow(() -> KlientException.notFound("product.notFound"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static ProductView view(Product p) {
        return new ProductView(p.getId(), p.getSku(), p.getName(), p.getNamePl(), p.getNameCs(), p.getKind(),
                p.getUnit(), p.getCategory(), p.getDescription(), p.getUnitPrice(), p.getCurrency(), p.getTaxRate(),
                p.isActive(), p.getCreatedAt(), p.getUpdatedAt(), p.getVersion(), p.isSplitPaymentGoods(),
                p.getCostPrice());
    }
}
