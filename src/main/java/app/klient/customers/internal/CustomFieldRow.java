package app.klient.customers.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import app.klient.audit.Audited;
import app.klient.customers.CustomerType;
import app.klient.customers.FieldType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A custom field's definition as stored; options are JSON kept by {@link app.klient.customers.CustomFields}. */
@Entity
@Table(name = "custom_field_definitions")
@Audited(name = "customField")
public class CustomFieldRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Enumerated(EnumType.STRING)
    private CustomerType entity;

    private String key;

    @Enumerated(EnumType.STRING)
    private FieldType type;

    @Column(name = "label_en")
    private String labelEn;

    @Column(name = "label_pl")
    private String labelPl;

    @Column(name = "label_cs")
    private String labelCs;

    @JdbcTypeCode(SqlTypes.JSON)
    private String options = "[]";

    private boolean required;

    private int position;

    private boolean active = true;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Version
    private int version;

    protected CustomFieldRow() {
    }

    public CustomFieldRow(CustomerType entity, String key, FieldType type) {
        this.entity = entity;
        this.key = key;
        this.type = type;
    }

    public void describe(String labelEn, String labelPl, String labelCs, String optionsJson, boolean required,
            int position) {
        this.labelEn = labelEn;
        this.labelPl = labelPl;
        this.labelCs = labelCs;
        this.options = optionsJson;
        this.required = required;
        this.position = position;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public Long getId() {
        return id;
    }

    public CustomerType getEntity() {
        return entity;
    }

    public String getKey() {
        return key;
    }

    public FieldType getType() {
        return type;
    }

    public String getLabelEn() {
        return labelEn;
    }

    public String getLabelPl() {
        return labelPl;
    }

    public String getLabelCs() {
        return labelCs;
    }

    public String getOptions() {
        return options;
    }

    public boolean isRequired() {
        return required;
    }

    public int getPosition() {
        return position;
    }

    public boolean isActive() {
        return active;
    }

    public int getVersion() {
        return version;
    }
}
