package app.klient.catalog.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import app.klient.audit.Audited;
import app.klient.catalog.ProductKind;
import app.klient.platform.SearchText;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "products")
@Audited(name = "product", exclude = { "searchText", "updatedAt" })
public class Product {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String sku;

    private String name;

    @Column(name = "name_pl")
    private String namePl;

    @Column(name = "name_cs")
    private String nameCs;

    @Enumerated(EnumType.STRING)
    private ProductKind kind = ProductKind.PRODUCT;

    private String unit;

    private String category;

    private String description;

    @Column(name = "unit_price")
    private BigDecimal unitPrice;

    private String currency;

    @Column(name = "tax_rate")
    private BigDecimal taxRate;

    private boolean active = true;

    @Column(name = "split_payment_goods")
    private boolean splitPaymentGoods;

    /** What the product costs the company, in {@code currency}; null until entered. */
    @Column(name = "cost_price")
    private BigDecimal costPrice;

    @Column(name = "search_text")
    private String searchText = "";

    @Column(name = "created_at", updatable = false)
    private Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Column(name = "updated_at")
    private Instant updatedAt = createdAt;

    @Version
    private int version;

    protected Product() {
    }

    public Product(String sku) {
        this.sku = sku;
    }

    @PrePersist
    @PreUpdate
    void beforeSave() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        searchText = SearchText.of(sku, name, namePl, nameCs, category);
    }

    public void fill(String sku, String name, String namePl, String nameCs, ProductKind kind, String unit,
            String category, String description, BigDecimal unitPrice, String currency, BigDecimal taxRate) {
        this.sku = sku;
        this.name = name;
        this.namePl = namePl;
        this.nameCs = nameCs;
        this.kind = kind;
        this.unit = unit;
        this.category = category;
        this.description = description;
        this.unitPrice = unitPrice;
        this.currency = currency;
        this.taxRate = taxRate;
    }

    public void setSplitPaymentGoods(boolean splitPaymentGoods) {
        this.splitPaymentGoods = splitPaymentGoods;
    }

    public boolean isSplitPaymentGoods() {
        return splitPaymentGoods;
    }

    public void setCostPrice(BigDecimal costPrice) {
        this.costPrice = costPrice;
    }

    public BigDecimal getCostPrice() {
        return costPrice;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public Long getId() {
        return id;
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public String getNamePl() {
        return namePl;
    }

    public String getNameCs() {
        return nameCs;
    }

    public ProductKind getKind() {
        return kind;
    }

    public String getUnit() {
        return unit;
    }

    public String getCategory() {
        return category;
    }

    public String getDescription() {
        return description;
    }

    public BigDecimal getUnitPrice() {
        return unitPrice;
    }

    public String getCurrency() {
        return currency;
    }

    public BigDecimal getTaxRate() {
        return taxRate;
    }

    public boolean isActive() {
        return active;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public int getVersion() {
        return version;
    }
}
