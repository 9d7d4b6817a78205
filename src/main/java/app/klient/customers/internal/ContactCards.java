package app.klient.customers.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Contacts as vCard 4.0 (RFC 6350), one card after another, for address books and phones: name with titles,
 * organization, job title, every e-mail and phone, the address, birthday, language, tags as categories. The UID is
 * the same for a contact in every export, so an address book updates a card it already has instead of doubling it.
 */
public final class ContactCards {

    private static final DateTimeFormatter REVISION = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final Writer out;

    public ContactCards(Writer out) {
        this.out = out;
    }

    /** The card of the contact on the current row of {@code rs} (a contact row with {@code company_name}). */
    public void write(ResultSet rs) throws SQLException {
        String first = rs.getString("first_name");
        String last = rs.getString("last_name");
        String before = rs.getString("title_before");
        String after = rs.getString("title_after");
        List<String> full = new ArrayList<>();
        for (String part : new String[] { before, first, last }) {
            if (part != null && !part.isBlank()) {
                full.add(part.strip());
            }
        }
        String name = String.join(" ", full) + (after == null || after.isBlank() ? "" : ", " + after.strip());
        line("BEGIN:VCARD");
        line("VERSION:4.0");
        line("UID:urn:uuid:" + UUID.nameUUIDFromBytes(("klient-contact-" + rs.getLong("id"))
                .getBytes(StandardCharsets.UTF_8)));
        line("FN:" + text(name.isBlank() ? "?" : name));
        line("N:" + text(last) + ";" + text(first) + ";;" + text(before) + ";" + text(after));
        String company = rs.getString("company_name");
        if (company != null) {
            line("ORG:" + text(company));
        }
        String job = rs.getString("job_title");
        if (job != null) {
            line("TITLE:" + text(job));
        }
        int preference = 1;
        for (String email : array(rs, "emails")) {
            line("EMAIL;TYPE=work" + (preference++ == 1 ? ";PREF=1" : "") + ":" + text(email));
        }
        preference = 1;
        for (String phone : array(rs, "phones")) {
            line("TEL;VALUE=uri;TYPE=voice" + (preference++ == 1 ? ";PREF=1" : "") + ":tel:"
                    + phone.replaceAll("[^+\\d]", ""));
        }
        String street = rs.getString("street");
        String city = rs.getString("city");
        String postal = rs.getString("postal_code");
        String region = rs.getString("region");
        String country = rs.getString("country");
        if (street != null || city != null || postal != null || region != null || country != null) {
            line("ADR;TYPE=work:;;" + text(street) + ";" + text(city) + ";" + text(region) + ";" + text(postal) + ";"
                    + text(country));
        }
        LocalDate birthday = rs.getObject("birthday", LocalDate.class);
        if (birthday != null) {
            line("BDAY:" + DAY.format(birthday));
        }
        String language = rs.getString("preferred_language");
        if (language != null && !language.isBlank()) {
            line("LANG:" + text(language));
        }
        List<String> tags = array(rs, "tags");
        if (!tags.isEmpty()) {
            line("CATEGORIES:" + String.join(",", tags.stream().map(ContactCards::text).toList()));
        }
        Timestamp updated = rs.getTimestamp("updated_at");
        if (updated != null) {
            line("REV:" + REVISION.format(updated.toInstant()));
        }
        line("END:VCARD");
    }

    /** A text value with the characters vCard gives a meaning escaped (RFC 6350, 3.4). */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\r\n", "\\n")
                .replace("\n", "\\n").replace("\r", "\\n");
    }

    /** A content line folded after 75 octets without cutting a UTF-8 character, ended by CRLF (RFC 6350, 3.2). */
    private void line(String content) {
        try {
            StringBuilder folded = new StringBuilder();
            int octets = 0;
            for (int i = 0; i < content.length();) {
                int codePoint = content.codePointAt(i);
                int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
                if (octets + size > 75) {
                    folded.append("\r\n ");
                    octets = 1;
                }
                folded.appendCodePoint(codePoint);
                octets += size;
                i += Character.charCount(codePoint);
            }
            out.write(folded.append("\r\n").toString());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> array(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
