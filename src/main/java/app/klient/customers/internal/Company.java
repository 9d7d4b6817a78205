package app.klient.customers.internal;

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
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "companies")
@Audited(name = "company", exclude = "searchText")
public class Company extends CustomerRecord {

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

    @Column(name = "team_id")
    private Long teamId;

    @Enumerated(EnumType.STRING)
    @Column(name = "lifecycle_stage")
    private LifecycleStage lifecycleStage = LifecycleStage.LEAD;

    protected Company() {
    }

    public Company(String name) {
        this.name = name;
    }

    @Override
    protected String searchText() {
        return app.klient.customers.CustomerText.company(name, legalName, taxId, registrationNumber, vatId, email,
                website, billingAddress == null ? null : billingAddress.city(), getTags(), phones);
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
        this.teamId = teamId;
        this.lifecycleStage = lifecycleStage;
        fillShared(ownerId, tags, customFields);
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

    public Long getTeamId() {
        return teamId;
    }

    public LifecycleStage getLifecycleStage() {
        return lifecycleStage;
    }
}
