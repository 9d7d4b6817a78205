package app.klient.catalog.internal;

import java.time.Instant;

import app.klient.audit.Audited;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "price_lists")
@Audited(name = "priceList")
public class PriceList {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    private String currency;

    @Column(name = "customer_group")
    private String customerGroup;

    private boolean active = true;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt = Instant.now();

    @Version
    private int version;

    protected PriceList() {
    }

    public PriceList(String name, String currency, String customerGroup) {
        fill(name, currency, customerGroup);
    }

    public void fill(String name, String currency, String customerGroup) {
        this.name = name;
        this.currency = currency;
        this.customerGroup = customerGroup;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getCurrency() {
        return currency;
    }

    public String getCustomerGroup() {
        return customerGroup;
    }

    public boolean isActive() {
        return active;
    }

    public int getVersion() {
        return version;
    }
}
