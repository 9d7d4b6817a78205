package app.klient.surveys.results;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import org.springframework.stereotype.Component;

/** On a contact's or company's card: the latest NPS answer and the most recent survey answers. */
@Component
class ResultsOnCard implements CardSection {

    private final SurveyResults results;

    ResultsOnCard(SurveyResults results) {
        this.results = results;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return results.ofCompany(companyId).map(card -> part(card, "company", companyId));
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        return results.ofContact(contactId).map(card -> part(card, "contact", contactId));
    }

    private static Part part(SurveyResults.OnCard card, String owner, long id) {
        Map<String, Object> data = new HashMap<>();
        data.put("card", card);
        data.put("all", "/surveys/results/responses?" + owner + "=" + id);
        return new Part(16, "surveys/results/card", "answers", data);
    }
}
