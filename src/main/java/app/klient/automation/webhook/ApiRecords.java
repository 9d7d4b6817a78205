package app.klient.automation.webhook;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

import app.klient.activities.Activities;
import app.klient.activities.Tasks;
import app.klient.billing.Invoices;
import app.klient.billing.Orders;
import app.klient.billing.Quotes;
import app.klient.customers.Companies;
import app.klient.customers.Contacts;
import app.klient.mail.Emails;
import app.klient.platform.KlientException;
import app.klient.sales.Deals;
import app.klient.sales.Leads;
import app.klient.service.Tickets;
import app.klient.surveys.Surveys;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A record as {@code GET /api/v1/<records>/{id}} shows it, read through its module's front door, so a webhook's
 * receiver gets the very JSON the API documentation describes: names of the company, owner and stage, a deal's lines,
 * timestamps as the API writes them.
 */
@Component
class ApiRecords {

    private final Map<String, LongFunction<Object>> readers;
    private final ObjectMapper json;

    ApiRecords(Companies companies, Contacts contacts, Leads leads, Deals deals, Quotes quotes, Orders orders,
            Invoices invoices, Tickets tickets, Activities activities, Tasks tasks, Emails emails, Surveys surveys,
            ObjectMapper json) {
        this.json = json;
        // a survey answer's questions are worded in the API's default language: a receiver has no reader
        this.readers = Map.ofEntries(Map.entry("company", companies::get), Map.entry("contact", contacts::get),
                Map.entry("lead", leads::get), Map.entry("deal", deals::get), Map.entry("quote", quotes::get),
                Map.entry("order", orders::get), Map.entry("invoice", invoices::get),
                Map.entry("ticket", tickets::get), Map.entry("activity", activities::get),
                Map.entry("task", tasks::get), Map.entry("email", emails::get),
                Map.entry("survey_response", id -> surveys.response(id, Locale.ENGLISH)));
    }

    /** Whether a kind of record has an API read (a segment membership has none). */
    boolean reads(String recordType) {
        return readers.containsKey(recordType);
    }

    /** The record as the API shows it now; empty when it is gone. */
    Optional<ObjectNode> read(String recordType, long id) {
        LongFunction<Object> reader = readers.get(recordType);
        if (reader == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) json.valueToTree(reader.apply(id)));
        }
        catch (KlientException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
