package app.klient.customers.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import app.klient.audit.Audited;
import app.klient.customers.Address;
import app.klient.customers.CompanySize;
import app.klient.customers.LifecycleStage;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "companies")
@Audited(name = "company", exclude = "searchText")
public class Company {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @Column(name = "legal_name")
    private String legalName;

    private String country;

    @Column(name = "tax_id")
    private String taxId;

    @Column(name = "registration_number")
    private String registrationNumber;

    @Column(name = "vat_id")
    private String vatId;

    private String industry;

    @Enumerated(EnumType.STRING)
    private CompanySize size;

    private String website;

    private String email;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> phones = new ArrayList<>();

    @Embedded
    @AttributeOverrides({
            @AttributeOverride(name = "street", column = @Column(name = "billing_street")),
            @AttributeOverride(name = "city", column = @Column(name = "billing_city")),
            @AttributeOverride(name = "postalCode", column = @Column(name = "billing_postal_code")),
            @AttributeOverride(name = "region", column = @Column(name = "billing_region")),
            @AttributeOverride(name = "country", column = @Column(name = "billing_country")) })
    private Address billingAddress;

    @Embedded
    @AttributeOverrides({
            @AttributeOverride(name = "street", column = @Column(name = "shipping_street")),
            @AttributeOverride(name = "city", column = @Column(name = "shipping_city")),
            @AttributeOverride(name = "postalCode", column = @Column(name = "shipping_postal_code")),
            @AttributeOverride(name = "region", column = @Column(name = "shipping_region")),
            @AttributeOverride(name = "country", column = @Column(name = "shipping_country")) })
    private Address shippingAddress;

    @Column(name = "owner_id")
    private Long ownerId;

    @Column(name = "team_id")
    private Long teamId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> tags = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    @Column(name = "lifecycle_stage")
    private LifecycleStage lifecycleStage = LifecycleStage.LEAD;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "custom_fields")
    private String customFields = "{}";

    @Column(name = "search_text")
    private String searchText = "";

    @Column(name = "created_at", updatable = false)
    private Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Column(name = "updated_at")
    private Instant updatedAt = createdAt;

    @Version
    private int version;

    protected Company() {
    }

    public Company(String name) {
        this.name = name;
    }

    @PrePersist
    @PreUpdate
    void beforeSave() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        searchText = SearchText.of(name, legalName, taxId, registrationNumber, vatId, email, website,
                billingAddress == null ? null : billingAddress.city(), String.join(" ", tags),
                String.join(" ", phones.stream().map(Phones::searchable).toList()));
    }

    /** Everything a company form or API body sets, already checked and normalized by the service. */
    public void fill(String name, String legalName, String country, String taxId, String registrationNumber,
            String vatId, String industry, CompanySize size, String website, String email, List<String> phones,
            Address billingAddress, Address shippingAddress, Long ownerId, Long teamId, List<String> tags,
            LifecycleStage lifecycleStage, String customFields) {
        this.name = name;
        this.legalName = legalName;
        this.country = country;
        this.taxId = taxId;
        this.registrationNumber = registrationNumber;
        this.vatId = vatId;
        this.industry = industry;
        this.size = size;
        this.website = website;
        this.email = email;
        this.phones = new ArrayList<>(phones);
        this.billingAddress = billingAddress;
        this.shippingAddress = shippingAddress;
        this.ownerId = ownerId;
        this.teamId = teamId;
        this.tags = new ArrayList<>(tags);
        this.lifecycleStage = lifecycleStage;
        this.customFields = customFields;
    }

    public void assignOwner(Long ownerId) {
        this.ownerId = ownerId;
    }

    public void addTag(String tag) {
        if (!tags.contains(tag)) {
            List<String> more = new ArrayList<>(tags);
            more.add(tag);
            tags = more;
        }
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getLegalName() {
        return legalName;
    }

    public String getCountry() {
        return country;
    }

    public String getTaxId() {
        return taxId;
    }

    public String getRegistrationNumber() {
        return registrationNumber;
    }

    public String getVatId() {
        return vatId;
    }

    public String getIndustry() {
        return industry;
    }

    public CompanySize getSize() {
        return size;
    }

    public String getWebsite() {
        return website;
    }

    public String getEmail() {
        return email;
    }

    public List<String> getPhones() {
        return phones;
    }

    public Address getBillingAddress() {
        return billingAddress == null ? Address.EMPTY : billingAddress;
    }

    public Address getShippingAddress() {
        return shippingAddress == null ? Address.EMPTY : shippingAddress;
    }

    public Long getOwnerId() {
        return ownerId;
    }

    public Long getTeamId() {
        return teamId;
    }

    public List<String> getTags() {
        return tags;
    }

    public LifecycleStage getLifecycleStage() {
        return lifecycleStage;
    }

    public String getCustomFields() {
        return customFields;
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
