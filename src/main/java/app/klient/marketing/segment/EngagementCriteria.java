package app.klient.marketing.segment;

import java.util.List;
import java.util.Locale;

import app.klient.customers.ContactCriteria;
import app.klient.customers.ContactCriterion;
import app.klient.customers.ContactCriterion.Choice;
import app.klient.customers.ContactCriterion.Operator;
import app.klient.customers.ContactCriterion.ValueType;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What marketing knows about a contact, for segment filters: campaigns it received, opened and clicked (or never
 * opened), its consents, and its visits of the company's website ("visited /pricing twice in the last 7 days").
 */
@Component
@Order(50)
class EngagementCriteria implements ContactCriteria {

    private static final String GROUP = "segment.group.marketing";
    private static final List<Operator> YES_NO = List.of(Operator.YES, Operator.NO);

    private final JdbcClient jdbc;

    EngagementCriteria(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<ContactCriterion> criteria() {
        return List.of(
                new ContactCriterion("marketing.received", GROUP, "segment.criterion.marketing.received",
                        ValueType.NONE, YES_NO, true, null,
                        (op, v, p) -> recipient(op, "r.state = 'SENT'" + ContactCriterion.within("r.at", v, p))),
                new ContactCriterion("marketing.opened", GROUP, "segment.criterion.marketing.opened", ValueType.NONE,
                        YES_NO, true, null, (op, v, p) -> recipient(op,
                                "r.opened_at is not null" + ContactCriterion.within("r.opened_at", v, p))),
                new ContactCriterion("marketing.clicked", GROUP, "segment.criterion.marketing.clicked",
                        ValueType.NONE, YES_NO, true, null, (op, v, p) -> recipient(op,
                                "r.clicked_at is not null" + ContactCriterion.within("r.clicked_at", v, p))),
                new ContactCriterion("marketing.openedCampaign", GROUP, "segment.criterion.marketing.openedCampaign",
                        ValueType.CHOICE, List.of(Operator.IS, Operator.IS_NOT), false,
                        locale -> jdbc.sql("select id, name from campaigns order by id desc limit 300")
                                .query((rs, n) -> new Choice(rs.getString(1), rs.getString(2))).list(),
                        (op, v, p) -> recipient(op == Operator.IS ? Operator.YES : Operator.NO,
                                "r.opened_at is not null and r.campaign_id = cast(" + p.add(Long.parseLong(v.text()))
                                        + " as bigint)")),
                new ContactCriterion("marketing.consent", GROUP, "segment.criterion.marketing.consent",
                        ValueType.CHOICE, List.of(Operator.IS, Operator.IS_NOT), false, this::purposes,
                        (op, v, p) -> (op == Operator.IS ? "" : "not ") + "exists (select 1 from consent_states s"
                                + " where s.contact_id = c.id and s.channel = 'EMAIL' and s.state = 'GIVEN'"
                                + " and s.purpose_id = cast(" + p.add(Long.parseLong(v.text())) + " as bigint))"),
                new ContactCriterion("marketing.visited", GROUP, "segment.criterion.marketing.visited",
                        ValueType.TEXT, List.of(Operator.EQ, Operator.CONTAINS), true, null, (op, v, p) -> {
                            String path = op == Operator.EQ ? "w.path = cast(" + p.add(v.text()) + " as text)"
                                    : "w.path like cast(" + p.add("%" + v.text().replace("\\", "\\\\")
                                            .replace("%", "\\%").replace("_", "\\_") + "%") + " as text)";
                            return "c.id in (select w.contact_id from web_visits w where " + path
                                    + ContactCriterion.within("w.at", v, p) + " group by w.contact_id having count(*)"
                                    + " >= cast(" + p.add(v.times()) + " as int))";
                        }).countingTimes());
    }

    private List<Choice> purposes(Locale locale) {
        String column = switch (locale.getLanguage()) {
            case "pl" -> "label_pl";
            case "cs" -> "label_cs";
            default -> "label_en";
        };
        return jdbc.sql("select id, " + column + " from consent_purposes order by id")
                .query((rs, n) -> new Choice(rs.getString(1), rs.getString(2))).list();
    }

    private static String recipient(Operator op, String condition) {
        return (op == Operator.YES ? "" : "not ") + "exists (select 1 from campaign_recipients r"
                + " where r.contact_id = c.id and " + condition + ")";
    }
}
