package app.klient.customers.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import app.klient.audit.Audited;
import app.klient.customers.Address;
import app.klient.customers.Channel;
import app.klient.customers.ConsentMethod;
import app.klient.customers.ContactSource;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "contacts")
@Audited(name = "contact", exclude = "searchText")
public class Contact extends CustomerRecord {

    @Column(name = "first_name")
    private String firstName;

    @Column(name = "last_name")
    private String lastName;

    @Column(name = "title_before")
    private String titleBefore;

    @Column(name = "title_after")
    private String titleAfter;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> emails = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> phones = new ArrayList<>();

    @Column(name = "job_title")
    private String jobTitle;

    @Column(name = "company_id")
    private Long companyId;

    private LocalDate birthday;

    @Embedded
    private Address address;

    @Column(name = "preferred_language")
    private String preferredLanguage;

    @Enumerated(EnumType.STRING)
    @Column(name = "preferred_channel")
    private Channel preferredChannel;

    @Enumerated(EnumType.STRING)
    private ContactSource source;

    @Column(name = "source_detail")
    private String sourceDetail;

    @Column(name = "marketing_consent")
    private boolean marketingConsent;

    @Column(name = "consent_at")
    private Instant consentAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "consent_method")
    private ConsentMethod consentMethod;

    @Column(name = "consent_note")
    private String consentNote;

    protected Contact() {
    }

    public Contact(String lastName) {
        this.lastName = lastName;
    }

    @Override
    protected String searchText() {
        return app.klient.customers.CustomerText.contact(firstName, lastName, emails, jobTitle,
                address == null ? null : address.city(), getTags(), phones);
    }

    /** Everything a contact form or API body sets, already checked and normalized by the service. */
    public void fill(String firstName, String lastName, String titleBefore, String titleAfter, List<String> emails,
            List<String> phones, String jobTitle, Long companyId, LocalDate birthday, Address address,
            String preferredLanguage, Channel preferredChannel, ContactSource source, String sourceDetail,
            Long ownerId, List<String> tags, String customFields) {
        this.firstName = firstName;
        this.lastName = lastName;
        this.titleBefore = titleBefore;
        this.titleAfter = titleAfter;
        this.emails = new ArrayList<>(emails);
        this.phones = new ArrayList<>(phones);
        this.jobTitle = jobTitle;
        this.companyId = companyId;
        this.birthday = birthday;
        this.address = address;
        this.preferredLanguage = preferredLanguage;
        this.preferredChannel = preferredChannel;
        this.source = source;
        this.sourceDetail = sourceDetail;
        fillShared(ownerId, tags, customFields);
    }

    /** Consent changes keep when and how: granting stamps the time, withdrawing keeps the note of why. */
    public void recordConsent(boolean given, ConsentMethod method, String note) {
        if (given && !marketingConsent) {
            consentAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
        if (!given && marketingConsent) {
            consentAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
        marketingConsent = given;
        consentMethod = method;
        consentNote = note;
    }

    public String displayName() {
        return firstName == null || firstName.isBlank() ? lastName : firstName + " " + lastName;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public String getTitleBefore() {
        return titleBefore;
    }

    public String getTitleAfter() {
        return titleAfter;
    }

    public List<String> getEmails() {
        return emails;
    }

    public List<String> getPhones() {
        return phones;
    }

    public String getJobTitle() {
        return jobTitle;
    }

    public Long getCompanyId() {
        return companyId;
    }

    public LocalDate getBirthday() {
        return birthday;
    }

    public Address getAddress() {
        return address == null ? Address.EMPTY : address;
    }

    public String getPreferredLanguage() {
        return preferredLanguage;
    }

    public Channel getPreferredChannel() {
        return preferredChannel;
    }

    public ContactSource getSource() {
        return source;
    }

    public String getSourceDetail() {
        return sourceDetail;
    }

    public boolean isMarketingConsent() {
        return marketingConsent;
    }

    public Instant getConsentAt() {
        return consentAt;
    }

    public ConsentMethod getConsentMethod() {
        return consentMethod;
    }

    public String getConsentNote() {
        return consentNote;
    }
}
