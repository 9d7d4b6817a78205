package app.klient.service;

import java.util.List;
import java.util.Locale;

import app.klient.documents.Documents;
import app.klient.documents.MergeFields;
import app.klient.documents.RecordType;
import app.klient.platform.KlientException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Ready answers in three languages with the documents' merge fields, filled for a ticket's customer. */
@Service
public class CannedResponses {

    public record Canned(Long id, @NotBlank @Size(max = 100) String name,
            @NotNull @Pattern(regexp = "en|pl|cs") String language, @NotBlank @Size(max = 20_000) String body) {
    }

    private final JdbcClient jdbc;
    private final Documents documents;

    CannedResponses(JdbcClient jdbc, Documents documents) {
        this.jdbc = jdbc;
        this.documents = documents;
    }

    @Transactional(readOnly = true)
    public List<Canned> list() {
        return jdbc.sql("select id, name, language, body from canned_responses where active order by lower(name)")
                .query((rs, n) -> new Canned(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    /** Adds a ready answer (support agents, managers and administrators share them). */
    @Transactional
    public Canned add(Canned canned) {
        Tickets.checkAnswer();
        long id = jdbc.sql("insert into canned_responses (name, language, body) values (:name, :language, :body) "
                + "returning id").param("name", canned.name().strip()).param("language", canned.language())
                .param("body", canned.body()).query(Long.class).single();
        return new Canned(id, canned.name().strip(), canned.language(), canned.body());
    }

    @Transactional
    public void retire(long id) {
        Tickets.checkAnswer();
        if (jdbc.sql("update canned_responses set active = false where id = :id and active").param("id", id)
                .update() == 0) {
            throw KlientException.notFound("canned.notFound");
        }
    }

    /** The answer's text for a ticket: merge fields filled from its contact (when it has one) in the answer's language. */
    @Transactional(readOnly = true)
    public String fill(long cannedId, TicketView ticket) {
        return fill(cannedId, ticket.contactId(), ticket.requesterEmail());
    }

    /**
     * The answer's text for a customer (a chat's visitor, a messenger's sender): merge fields filled from the contact
     * when there is one, else the name is {@code fallbackName} (the address they wrote from).
     */
    @Transactional(readOnly = true)
    public String fill(long cannedId, Long contactId, String fallbackName) {
        Canned canned = list().stream().filter(c -> c.id() == cannedId).findFirst()
                .orElseThrow(() -> KlientException.notFound("canned.notFound"));
        java.util.Map<String, String> values = new java.util.HashMap<>();
        if (contactId != null) {
            values.putAll(documents.values(RecordType.CONTACT, contactId, Locale.forLanguageTag(canned.language())));
        }
        else {
            values.put("contact.fullName", fallbackName == null ? "" : fallbackName);
        }
        return MergeFields.fill(canned.body(), values);
    }
}
