package app.klient.customers;

import java.time.LocalDate;
import java.util.Map;

import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The filters of a company or contact list; every one may be empty. {@code owner} is a user id or {@code me};
 * {@code custom} holds custom field filters by key (from {@code cf.key=value} parameters); {@code segment} is a
 * segment or list kept by another module (see {@link ContactSegments}), for contacts only.
 */
public record CustomerQuery(
        @Size(max = 200) String q,
        @Size(max = 20) String owner,
        @Size(max = 50) String tag,
        LifecycleStage stage,
        @Size(max = 2) String country,
        @Size(max = 100) String city,
        Long companyId,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate createdFrom,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate createdTo,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate updatedFrom,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate updatedTo,
        Map<String, String> custom,
        Long segment) {

    public CustomerQuery(String q, String owner, String tag, LifecycleStage stage, String country, String city,
            Long companyId, LocalDate createdFrom, LocalDate createdTo, LocalDate updatedFrom, LocalDate updatedTo,
            Map<String, String> custom) {
        this(q, owner, tag, stage, country, city, companyId, createdFrom, createdTo, updatedFrom, updatedTo, custom,
                null);
    }

    public static CustomerQuery none() {
        return new CustomerQuery(null, null, null, null, null, null, null, null, null, null, null, Map.of());
    }

    public CustomerQuery withCustom(Map<String, String> filters) {
        return new CustomerQuery(q, owner, tag, stage, country, city, companyId, createdFrom, createdTo, updatedFrom,
                updatedTo, filters, segment);
    }

    public CustomerQuery withSearch(String text) {
        return new CustomerQuery(text, owner, tag, stage, country, city, companyId, createdFrom, createdTo,
                updatedFrom, updatedTo, custom, segment);
    }

    public CustomerQuery withCompany(Long id) {
        return new CustomerQuery(q, owner, tag, stage, country, city, id, createdFrom, createdTo, updatedFrom,
                updatedTo, custom, segment);
    }
}
