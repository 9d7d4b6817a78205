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

    /** A matched sender: a contact (with its company, if any) or a company alone. */
    public record Sender(Long contactId, Long companyId) {
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
        return jdbc.sql("""
                select id, company_id from contacts where emails @> array[lower(:email)]::text[]
                order by id limit 1""").param("email", email.strip())
                .query((rs, n) -> new Sender(rs.getLong("id"), (Long) rs.getObject("company_id"))).optional();
    }

    /** The contact with this number, else the company with it; a number that is not one matches nobody. */
    @Transactional(readOnly = true)
    public Optional<Sender> byPhone(String raw, String region) {
        Optional<String> number = e164(raw, region);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        Optional<Sender> contact = jdbc.sql("""
                select id, company_id from contacts where phones @> array[:phone]::text[] order by id limit 1""")
                .param("phone", number.get())
                .query((rs, n) -> new Sender(rs.getLong("id"), (Long) rs.getObject("company_id"))).optional();
        if (contact.isPresent()) {
            return contact;
        }
        return jdbc.sql("select id from companies where phones @> array[:phone]::text[] order by id limit 1")
                .param("phone", number.get()).query(Long.class).optional().map(company -> new Sender(null, company));
    }
}
