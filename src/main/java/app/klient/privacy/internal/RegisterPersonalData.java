package app.klient.privacy.internal;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What the platform keeps besides the modules' tables: the notes of the privacy register, and the application
 * events kept by the event publication registry (a lead captured, a contact created — with their fields). Last of
 * all, after every module's changes.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class RegisterPersonalData implements PersonalData {

    private final Redaction redaction;

    RegisterPersonalData(Redaction redaction) {
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "privacy";
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        // the register is the company's proof of how it answered, not data about the person
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        report.changed("privacy_requests", redaction.scrub(subject, "privacy_requests", "note"));
        report.changed("event_publication", redaction.scrub(subject, "event_publication", "serialized_event"));
    }
}
