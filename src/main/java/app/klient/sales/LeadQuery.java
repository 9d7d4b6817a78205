package app.klient.sales;

import jakarta.validation.constraints.Size;

/** The filters of the lead list; every one may be empty. */
public record LeadQuery(@Size(max = 200) String q, LeadStatus status, Long ownerId, LeadSource source,
        @Size(max = 100) String campaign) {
}
