package app.klient.channels.internal;

import java.util.Optional;

import app.klient.customers.Companies;
import app.klient.customers.CompanyView;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.customers.Senders;
import app.klient.platform.KlientException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who is on the other end of a call or message: the sender matched by {@link Senders} and read as the card shows
 * them (name, company, owner), plus the checks every channel applies to what a phone system or gateway sends.
 */
@Component
public class Customers {

    private static String region = "PL";

    private final Senders senders;
    private final Contacts contacts;
    private final Companies companies;

    Customers(Senders senders, Contacts contacts, Companies companies,
            @Value("${klient.channels.phone-region:PL}") String phoneRegion) {
        this.senders = senders;
        this.contacts = contacts;
        this.companies = companies;
        region = phoneRegion;
    }

    /** A contact (with its company, if any) or a company alone, named and owned as on its card. */
    public record Match(Long contactId, Long companyId, String name, String companyName, Long ownerId) {

        public String url() {
            return contactId != null ? "/contacts/" + contactId : "/companies/" + companyId;
        }
    }

    /** The number in E.164; one without a country code is read as one of the configured region. */
    public static Optional<String> e164(String raw) {
        return Senders.e164(raw, region);
    }

    public Optional<Match> byPhone(String raw) {
        return senders.byPhone(raw, region).map(Customers::match);
    }

    /** The customer with this number, already in E.164 (as {@link #e164} gave it). */
    public Optional<Match> byNumber(String e164) {
        return senders.byNumber(e164).map(Customers::match);
    }

    public Optional<Match> byEmail(String raw) {
        return senders.byEmail(raw).map(Customers::match);
    }

    private static Match match(Senders.Sender s) {
        return new Match(s.contactId(), s.companyId(), s.name(), s.companyName(), s.ownerId());
    }

    /** The contact or company a person chose (one of them), refused when it does not exist or is not theirs to see. */
    public Match chosen(Long contactId, Long companyId) {
        if ((contactId == null) == (companyId == null)) {
            throw KlientException.invalid("channels.link.one");
        }
        if (contactId != null ? !contacts.exists(contactId) : !companies.exists(companyId)) {
            throw KlientException.notFound("channels.link.notFound");
        }
        return contactId != null ? match(contactId, null) : match(null, companyId);
    }

    private Match match(Long contactId, Long companyId) {
        if (contactId != null) {
            ContactView contact = contacts.get(contactId);
            String name = ((contact.firstName() == null ? "" : contact.firstName() + " ") + contact.lastName()).strip();
            return new Match(contactId, contact.companyId(), name, contact.companyName(), contact.ownerId());
        }
        CompanyView company = companies.get(companyId);
        return new Match(null, companyId, company.name(), null, company.ownerId());
    }

    /** The value stripped, or "" for null. */
    public static String text(String raw) {
        return raw == null ? "" : raw.strip();
    }

    /** NUL and other control characters (but line breaks and tabs) have no place in what a person reads. */
    public static boolean hostile(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')
                    || Character.isSurrogate(c) && !validSurrogate(value, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean validSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    public static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
