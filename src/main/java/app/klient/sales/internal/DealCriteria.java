package app.klient.sales.internal;

import java.util.ArrayList;
import java.util.List;

import app.klient.customers.ContactCriteria;
import app.klient.customers.ContactCriterion;
import app.klient.customers.ContactCriterion.Choice;
import app.klient.customers.ContactCriterion.Operator;
import app.klient.customers.ContactCriterion.ValueType;
import app.klient.sales.Pipelines;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** What sales knows about a contact, for segment filters: its deals, open or won, and the stage of its open deals. */
@Component
@Order(20)
class DealCriteria implements ContactCriteria {

    private static final String GROUP = "segment.group.sales";
    private static final List<Operator> YES_NO = List.of(Operator.YES, Operator.NO);

    private final Pipelines pipelines;

    DealCriteria(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public List<ContactCriterion> criteria() {
        return List.of(
                new ContactCriterion("sales.openDeal", GROUP, "segment.criterion.sales.openDeal", ValueType.NONE,
                        YES_NO, false, null, (op, v, p) -> yesNo(op, "d.status = 'OPEN'")),
                new ContactCriterion("sales.wonDeal", GROUP, "segment.criterion.sales.wonDeal", ValueType.NONE,
                        YES_NO, true, null,
                        (op, v, p) -> yesNo(op, "d.status = 'WON'" + ContactCriterion.within("d.closed_at", v, p))),
                new ContactCriterion("sales.lostDeal", GROUP, "segment.criterion.sales.lostDeal", ValueType.NONE,
                        YES_NO, true, null,
                        (op, v, p) -> yesNo(op, "d.status = 'LOST'" + ContactCriterion.within("d.closed_at", v, p))),
                new ContactCriterion("sales.wonAmount", GROUP, "segment.criterion.sales.wonAmount", ValueType.NUMBER,
                        ContactCriterion.operatorsFor(ValueType.NUMBER), true, null,
                        (op, v, p) -> ContactCriterion.aggregate("select dc.contact_id from deal_contacts dc"
                                + " join deals d on d.id = dc.deal_id where d.status = 'WON'"
                                + ContactCriterion.within("d.closed_at", v, p) + " group by dc.contact_id",
                                "sum(d.amount)", java.math.BigDecimal.ZERO, op, v, p)),
                new ContactCriterion("sales.dealStage", GROUP, "segment.criterion.sales.dealStage", ValueType.CHOICE,
                        List.of(Operator.IS, Operator.IS_NOT), false, locale -> {
                            List<Choice> choices = new ArrayList<>();
                            pipelines.list().forEach(pipeline -> pipeline.stages().forEach(stage -> choices
                                    .add(new Choice(String.valueOf(stage.id()), pipeline.name() + " › "
                                            + stage.name()))));
                            return choices;
                        }, (op, v, p) -> (op == Operator.IS ? "" : "not ") + "exists (select 1 from deal_contacts dc"
                                + " join deals d on d.id = dc.deal_id where dc.contact_id = c.id and d.status = 'OPEN'"
                                + " and d.stage_id = cast(" + p.add(Long.parseLong(v.text())) + " as bigint))"));
    }

    private static String yesNo(Operator op, String condition) {
        return (op == Operator.YES ? "" : "not ") + "exists (select 1 from deal_contacts dc join deals d"
                + " on d.id = dc.deal_id where dc.contact_id = c.id and " + condition + ")";
    }
}
