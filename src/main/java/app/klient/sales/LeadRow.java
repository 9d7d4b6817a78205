package app.klient.sales;

import java.time.Instant;

/** A lead as the list shows it. */
public record LeadRow(long id, String firstName, String lastName, String email, String companyName,
        LeadSource source, String utmCampaign, LeadStatus status, int score, Long ownerId, String ownerName,
        Instant createdAt) {

    public String displayName() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        return name.isEmpty() ? (email != null ? email : companyName) : name;
    }
}
