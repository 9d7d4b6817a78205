package app.klient.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import app.klient.support.Http;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A person Klient knows from every side: a contact at a company with a note, a call, a task and a deal about them,
 * the lead they came from, a ticket, a consent, an e-mail received with an attachment and one waiting to go out.
 * Names, address and number are unique to the test, so a scan of the whole database finds only this person.
 */
public final class PersonFixture {

    public final String first = "Zofia";
    public final String last;
    public final String email;
    public final String phone;
    public final String national;
    public long contactId;
    public long leadId;
    public long companyId;

    /** Letters of the surname that only this person has: a word Polish can inflect ("Zofii Prywat…owskiej"). */
    public final String unique;

    public PersonFixture() {
        unique = ThreadLocalRandom.current().ints(8, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        last = "Prywat" + unique + "owska";
        email = "zofia." + unique + "@example.test";
        national = "6" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        phone = "+48" + national;
    }

    public String fullName() {
        return first + " " + last;
    }

    public PersonFixture create(Http api, JdbcClient jdbc) {
        companyId = api.postJson("/api/v1/companies", "{\"name\": \"Hurtownia " + last.substring(8) + "\", "
                + "\"country\": \"PL\"}").json().get("id").asLong();
        Http.Response contact = api.postJson("/api/v1/contacts", """
                {"firstName": "%s", "lastName": "%s", "emails": ["%s"], "phones": ["%s"], "companyId": %d,
                 "jobTitle": "Buyer", "birthday": "1984-03-02", "address": {"street": "ul. Długa 5", "city": "Gdańsk",
                 "country": "PL"}, "marketingConsent": true, "consentMethod": "PAPER",
                 "consentNote": "signed by %s"}""".formatted(first, last, email, phone, companyId, fullName()));
        assertThat(contact.status()).as(contact.body()).isEqualTo(201);
        contactId = contact.json().get("id").asLong();
        ok(api.postJson("/api/v1/contacts/" + contactId + "/notes", "{\"body\": \"Talked to " + fullName()
                + "; she asks to call " + national.substring(0, 3) + " " + national.substring(3, 6) + " "
                + national.substring(6) + " after five.\"}"));
        ok(api.postJson("/api/v1/activities", """
                {"type": "CALL", "subject": "Call with %s", "body": "Wants a discount, write to %s", "direction":
                 "OUTBOUND", "contactId": %d}""".formatted(fullName(), email, contactId)));
        ok(api.postJson("/api/v1/tasks", """
                {"title": "Send %s the price list", "dueAt": "2030-01-01T10:00:00Z", "contactId": %d}"""
                .formatted(fullName(), contactId)));
        Http.Response lead = api.postJson("/api/v1/leads", """
                {"firstName": "%s", "lastName": "%s", "email": "%s", "phone": "%s", "companyName": "Hurtownia",
                 "message": "Please call me, %s"}""".formatted(first, last, email.toUpperCase(), phone, fullName()));
        ok(lead);
        leadId = lead.json().get("id").asLong();
        ok(api.postJson("/api/v1/tickets", """
                {"subject": "Broken delivery for %s", "description": "Reply to %s or %s", "contactId": %d}"""
                .formatted(fullName(), email, phone, contactId)));
        ok(api.postJson("/api/v1/deals", """
                {"name": "Shelves for %s", "companyId": %d}""".formatted(fullName(), companyId)));
        long newsletter = jdbc.sql("select id from consent_purposes where key = 'newsletter'").query(Long.class)
                .single();
        ok(api.postJson("/api/v1/marketing/consents", """
                {"contactId": %d, "purposeId": %d, "channel": "EMAIL", "state": "GIVEN", "detail": "asked %s"}"""
                .formatted(contactId, newsletter, fullName())));
        long received = jdbc.sql("""
                insert into emails (direction, message_id, from_address, to_addresses, subject, body, contact_id,
                                    status, at)
                values ('INBOUND', :mid, :from, 'sales@klient.test', :subject, :body, :contact, 'RECEIVED', now())
                returning id""")
                .param("mid", "<" + java.util.UUID.randomUUID() + "@mail.example.test>").param("from", email)
                .param("subject", "Order from " + fullName())
                .param("body", "Hello, this is " + fullName() + ", my number is " + phone + ".")
                .param("contact", contactId).query(Long.class).single();
        jdbc.sql("""
                insert into email_attachments (email_id, filename, content_type, size, data)
                values (:email, 'order.txt', 'text/plain', 10, :data)""")
                .param("email", received).param("data", ("Order by " + fullName()).getBytes(StandardCharsets.UTF_8))
                .update();
        jdbc.sql("""
                insert into outgoing_mail (message_id, to_addresses, subject, body, status)
                values (:mid, cast(:to as text[]), :subject, :body, 'SENT')""")
                .param("mid", "<" + java.util.UUID.randomUUID() + "@klient.test>").param("to", new String[] { email })
                .param("subject", "Your order, " + first).param("body", "Dear " + fullName() + ", thank you.")
                .update();
        return this;
    }

    private static void ok(Http.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
    }
}
