package app.klient.analytics.models;

import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import app.klient.sales.LeadSection;
import app.klient.sales.LeadView;
import org.springframework.stereotype.Component;

/**
 * The models on the pages people work from: churn risk with its reasons, RFM and group on the customer card (of a
 * customer with a scored purchase history), and the predictive score beside the rule score on the lead page.
 */
@Component
class InsightOnPages implements CardSection, LeadSection {

    private final Insights insights;

    InsightOnPages(Insights insights) {
        this.insights = insights;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return part("company", companyId);
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        return part("contact", contactId);
    }

    private Optional<Part> part(String kind, long id) {
        return insights.of(kind, id).map(insight -> new Part(15, "analytics/models/card", "insight",
                Map.of("insight", insight)));
    }

    @Override
    public Optional<Part> forLead(LeadView lead) {
        return Optional.of(new Part(5, "analytics/models/lead", "prediction",
                Map.of("prediction", insights.lead(lead.id()), "ruleScore", lead.score())));
    }
}
