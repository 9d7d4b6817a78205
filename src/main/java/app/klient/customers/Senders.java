package app.klient.customers;

import java.util.Optional;

import app.klient.customers.internal.Identifiers;
import app.klient.customers.internal.Phones;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who wrote or called: what a channel knows of its sender (an e-mail address, a phone number in any spelling) matched
 * to the customer it belongs to, for calls, chats and messages that land on the card. The oldest contact wins when
 * several share an address; a number no contact has may still be a company's switchboard.
 */
@Service
public class Senders {

    private final JdbcClient jdbc;

    Senders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A matched sender: a contact (with its company, if any) or a company alone, named as on its card, and who looks
     * after it. Read in the one query that found it: intake at a thousand calls a second cannot afford a second.
     */
    public record Sender(Long contactId, Long companyId, String name, String companyName, Long ownerId) {

        public String url() {
            return contactId != null ? "/contacts/" + contactId : "/companies/" + companyId;
        }
    }

    private static final String CONTACT = """
            select c.id, c.company_id, c.owner_id, co.name as company_name,
                   coalesce(nullif(trim(concat_ws(' ', c.first_name, c.last_name)), ''), c.last_name) as name
            from contacts c left join companies co on co.id = c.company_id
            """;

    private static Sender contact(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Sender(rs.getLong("id"), (Long) rs.getObject("company_id"), rs.getString("name"),
                rs.getString("company_name"), (Long) rs.getObject("owner_id"));
    }

    /** The number in E.164 (+48601234567); one without a country code is read as one of {@code region}. */
    public static Optional<String> e164(String raw, String region) {
        Identifiers.Checked checked = Phones.normalize(raw, region);
        return checked.valid() ? Optional.of(checked.value()) : Optional.empty();
    }

    @Transactional(readOnly = true)
    public Optional<Sender> byEmail(String email) {
        if (email == null || email.isBlank() || email.length() > 254) {
            return Optional.empty();
        }
        return jdbc.sql(CONTACT + "where c.emails @> array[lower(:email)]::text[] order by c.id limit 1")
                .param("email", email.strip()).query(Senders::contact).optional();
    }

    /** The contact with this number, else the company with it; a number that is not one matches nobody. */
    @Transactional(readOnly = true)
    public Optional<Sender> byPhone(String raw, String region) {
        return e164(raw, region).flatMap(this::byNumber);
    }

    /** The contact with this E.164 number, else the company with it. */
    @Transactional(readOnly = true)
    public Optional<Sender> byNumber(String e164) {
        Optional<Sender> contact = jdbc.sql(CONTACT + "where c.phones @> array[:phone]::text[] order by c.id limit 1")
                .param("phone", e164).query(Senders::contact).optional();
        if (contact.isPresent()) {
            return contact;
        }
        return jdbc.sql("""
                select id, name, owner_id from companies where phones @> array[:phone]::text[] order by id limit 1""")
                .param("phone", e164).query((rs, n) -> new Sender(null, rs.getLong("id"), rs.getString("name"), null,
                        (Long) rs.getObject("owner_id"))).optional();
    }
}
