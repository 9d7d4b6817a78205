package app.klient.service.internal;

import java.math.BigDecimal;
import java.util.List;

import app.klient.customers.ContactCriteria;
import app.klient.customers.ContactCriterion;
import app.klient.customers.ContactCriterion.Operator;
import app.klient.customers.ContactCriterion.ValueType;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** What the service desk knows about a contact, for segment filters: its tickets and how satisfied it said it was. */
@Component
@Order(40)
class TicketCriteria implements ContactCriteria {

    private static final String GROUP = "segment.group.service";

    @Override
    public List<ContactCriterion> criteria() {
        return List.of(
                new ContactCriterion("service.openTicket", GROUP, "segment.criterion.service.openTicket",
                        ValueType.NONE, List.of(Operator.YES, Operator.NO), false, null,
                        (op, v, p) -> (op == Operator.YES ? "" : "not ") + "exists (select 1 from tickets t"
                                + " where t.contact_id = c.id and t.status in ('NEW', 'OPEN', 'WAITING', 'REOPENED'))"),
                new ContactCriterion("service.ticketCount", GROUP, "segment.criterion.service.ticketCount",
                        ValueType.NUMBER, ContactCriterion.operatorsFor(ValueType.NUMBER), true, null,
                        (op, v, p) -> ContactCriterion.aggregate("select t.contact_id from tickets t"
                                + " where t.contact_id is not null" + ContactCriterion.within("t.created_at", v, p)
                                + " group by t.contact_id", "count(*)", BigDecimal.ZERO, op, v, p)),
                new ContactCriterion("service.satisfaction", GROUP, "segment.criterion.service.satisfaction",
                        ValueType.NUMBER, ContactCriterion.operatorsFor(ValueType.NUMBER), true, null,
                        (op, v, p) -> ContactCriterion.aggregate("select t.contact_id from tickets t"
                                + " where t.contact_id is not null and t.csat is not null"
                                + ContactCriterion.within("t.created_at", v, p) + " group by t.contact_id",
                                "avg(t.csat)", null, op, v, p)));
    }
}
