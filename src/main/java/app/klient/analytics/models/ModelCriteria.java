package app.klient.analytics.models;

import java.util.List;

import app.klient.customers.ContactCriteria;
import app.klient.customers.ContactCriterion;
import app.klient.customers.ContactCriterion.Operator;
import app.klient.customers.ContactCriterion.ValueType;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What the models know of a contact, for segment filters: the customer group (of the contact's company, or of the
 * private customer) and the churn risk in per cent — so a marketer makes a segment of a group, or of those at risk.
 */
@Component
@Order(60)
class ModelCriteria implements ContactCriteria {

    private static final String GROUP = "segment.group.models";

    /** The customer's scores beside contact {@code c}: their company's, or their own as a private customer. */
    private static final String SCORES = "exists (select 1 from customer_scores s where (s.customer_kind = 'company'"
            + " and s.customer_id = c.company_id or s.customer_kind = 'contact' and s.customer_id = c.id) and ";

    private final Insights insights;

    ModelCriteria(Insights insights) {
        this.insights = insights;
    }

    @Override
    public List<ContactCriterion> criteria() {
        return List.of(
                new ContactCriterion("models.group", GROUP, "segment.criterion.models.group", ValueType.CHOICE,
                        List.of(Operator.IS, Operator.IS_NOT), false,
                        locale -> insights.groupNames(locale).entrySet().stream()
                                .map(e -> new ContactCriterion.Choice(String.valueOf(e.getKey()), e.getValue()))
                                .toList(),
                        (op, v, p) -> (op == Operator.IS ? "" : "not ") + SCORES + "s.group_no = "
                                + p.add(group(v.text())) + ")"),
                new ContactCriterion("models.churnRisk", GROUP, "segment.criterion.models.churnRisk",
                        ValueType.NUMBER, ContactCriterion.operatorsFor(ValueType.NUMBER), false, null,
                        (op, v, p) -> SCORES + "s.churn_probability * 100 " + op.comparison() + " "
                                + p.add(v.number()) + ")"));
    }

    private static int group(String text) {
        return text != null && text.matches("[0-9]{1,3}") ? Integer.parseInt(text) : -1;
    }
}
