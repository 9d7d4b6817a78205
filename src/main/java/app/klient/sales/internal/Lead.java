package app.klient.sales.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import app.klient.audit.Audited;
import app.klient.platform.SearchText;
import app.klient.sales.LeadSource;
import app.klient.sales.LeadStatus;
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
@Table(name = "leads")
@Audited(name = "lead", exclude = "searchText")
public class Lead {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "first_name")
    private String firstName;

    @Column(name = "last_name")
    private String lastName;

    private String email;

    private String phone;

    @Column(name = "company_name")
    private String companyName;

    @Column(name = "company_tax_id")
    private String companyTaxId;

    @Column(name = "job_title")
    private String jobTitle;

    private String message;

    @Enumerated(EnumType.STRING)
    private LeadSource source = LeadSource.MANUAL;

    @Column(name = "web_form_id")
    private Long webFormId;

    @Column(name = "utm_source")
    private String utmSource;

    @Column(name = "utm_medium")
    private String utmMedium;

    @Column(name = "utm_campaign")
    private String utmCampaign;

    @Column(name = "utm_term")
    private String utmTerm;

    @Column(name = "utm_content")
    private String utmContent;

    private String country;

    private String website;

    private String street;

    private String city;

    @Column(name = "postal_code")
    private String postalCode;

    @Column(name = "expected_value")
    private java.math.BigDecimal expectedValue;

    private String currency;

    @Enumerated(EnumType.STRING)
    private LeadStatus status = LeadStatus.NEW;

    @Column(name = "disqualified_reason")
    private String disqualifiedReason;

    @Column(name = "owner_id")
    private Long ownerId;

    /** The language the person used (the web form's), which becomes the contact's preferred language. */
    private String language;

    @Column(name = "team_id")
    private Long teamId;

    private int score;

    @Column(name = "contact_id")
    private Long contactId;

    @Column(name = "company_id")
    private Long companyId;

    @Column(name = "deal_id")
    private Long dealId;

    @Column(name = "converted_at")
    private Instant convertedAt;

    @Column(name = "search_text")
    private String searchText = "";

    @Column(name = "created_at", updatable = false)
    private Instant createdAt = now();

    @Column(name = "updated_at")
    private Instant updatedAt = createdAt;

    @Version
    private int version;

    protected Lead() {
    }

    public Lead(LeadSource source, Long webFormId) {
        this.source = source;
        this.webFormId = webFormId;
    }

    @PrePersist
    @PreUpdate
    void beforeSave() {
        updatedAt = now();
        searchText = SearchText.of(firstName, lastName, email, phone == null ? null : phone.replaceAll("\\D", ""),
                companyName, companyTaxId, jobTitle, utmCampaign);
    }

    public void fill(String firstName, String lastName, String email, String phone, String companyName,
            String companyTaxId, String jobTitle, String message, String utmSource, String utmMedium,
            String utmCampaign, String utmTerm, Long ownerId, Long teamId) {
        this.firstName = firstName;
        this.lastName = lastName;
        this.email = email;
        this.phone = phone;
        this.companyName = companyName;
        this.companyTaxId = companyTaxId;
        this.jobTitle = jobTitle;
        this.message = message;
        this.utmSource = utmSource;
        this.utmMedium = utmMedium;
        this.utmCampaign = utmCampaign;
        this.utmTerm = utmTerm;
        this.ownerId = ownerId;
        this.teamId = teamId;
    }

    /** What the lead tells about its company and worth, beyond the fields {@link #fill} takes. */
    public void describe(String country, String website, String street, String city, String postalCode,
            java.math.BigDecimal expectedValue, String currency, String utmContent) {
        this.country = country;
        this.website = website;
        this.street = street;
        this.city = city;
        this.postalCode = postalCode;
        this.expectedValue = expectedValue;
        this.currency = currency;
        this.utmContent = utmContent;
    }

    public String getUtmContent() {
        return utmContent;
    }

    public String getLanguage() {
        return language;
    }

    /** Keeps a two-letter language code (the form's language); anything else is not a language and is not kept. */
    public void setLanguage(String language) {
        this.language = language != null && language.matches("[a-z]{2}") ? language : null;
    }

    public String getCountry() {
        return country;
    }

    public String getWebsite() {
        return website;
    }

    public String getStreet() {
        return street;
    }

    public String getCity() {
        return city;
    }

    public String getPostalCode() {
        return postalCode;
    }

    public java.math.BigDecimal getExpectedValue() {
        return expectedValue;
    }

    public String getCurrency() {
        return currency;
    }

    public void changeStatus(LeadStatus status, String disqualifiedReason) {
        this.status = status;
        this.disqualifiedReason = status == LeadStatus.DISQUALIFIED ? disqualifiedReason : null;
    }

    public void assignOwner(Long ownerId) {
        this.ownerId = ownerId;
    }

    public void rescore(int score) {
        this.score = score;
    }

    public void converted(Long contactId, Long companyId, Long dealId) {
        this.status = LeadStatus.CONVERTED;
        this.contactId = contactId;
        this.companyId = companyId;
        this.dealId = dealId;
        this.convertedAt = now();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public Long getId() {
        return id;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public String getEmail() {
        return email;
    }

    public String getPhone() {
        return phone;
    }

    public String getCompanyName() {
        return companyName;
    }

    public String getCompanyTaxId() {
        return companyTaxId;
    }

    public String getJobTitle() {
        return jobTitle;
    }

    public String getMessage() {
        return message;
    }

    public LeadSource getSource() {
        return source;
    }

    public Long getWebFormId() {
        return webFormId;
    }

    public String getUtmSource() {
        return utmSource;
    }

    public String getUtmMedium() {
        return utmMedium;
    }

    public String getUtmCampaign() {
        return utmCampaign;
    }

    public String getUtmTerm() {
        return utmTerm;
    }

    public LeadStatus getStatus() {
        return status;
    }

    public String getDisqualifiedReason() {
        return disqualifiedReason;
    }

    public Long getOwnerId() {
        return ownerId;
    }

    public Long getTeamId() {
        return teamId;
    }

    public int getScore() {
        return score;
    }

    public Long getContactId() {
        return contactId;
    }

    public Long getCompanyId() {
        return companyId;
    }

    public Long getDealId() {
        return dealId;
    }

    public Instant getConvertedAt() {
        return convertedAt;
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
