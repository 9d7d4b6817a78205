package app.klient.customers.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * What companies and contacts have alike: an owner, tags, custom field values, the folded search text, timestamps
 * and the version that catches concurrent edits.
 */
@MappedSuperclass
public abstract class CustomerRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "owner_id")
    private Long ownerId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> tags = new ArrayList<>();

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

    @PrePersist
    @PreUpdate
    void beforeSave() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        searchText = searchText();
    }

    /** The words quick search finds this record by, folded with {@link SearchText}. */
    protected abstract String searchText();

    protected void fillShared(Long ownerId, List<String> tags, String customFields) {
        this.ownerId = ownerId;
        this.tags = new ArrayList<>(tags);
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

    public Long getOwnerId() {
        return ownerId;
    }

    public List<String> getTags() {
        return tags;
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
