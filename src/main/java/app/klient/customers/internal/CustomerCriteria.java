package app.klient.customers.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import app.klient.customers.CompanySize;
import app.klient.customers.ContactCriteria;
import app.klient.customers.ContactCriterion;
import app.klient.customers.ContactCriterion.Choice;
import app.klient.customers.ContactCriterion.Operator;
import app.klient.customers.ContactCriterion.ValueType;
import app.klient.customers.ContactSource;
import app.klient.customers.CustomFieldDefinition;
import app.klient.customers.CustomFields;
import app.klient.customers.CustomerType;
import app.klient.customers.LifecycleStage;
import app.klient.identity.Teams;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import org.springframework.context.MessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What customers knows about a contact, for segment filters: its fields, custom fields, tags, owner, the owner's
 * team, and its company's lifecycle stage and size.
 */
@Component
@Order(10)
class CustomerCriteria implements ContactCriteria {

    private static final String GROUP = "segment.group.customers";

    private final CustomFields customFields;
    private final Users users;
    private final Teams teams;
    private final MessageSource messages;

    CustomerCriteria(CustomFields customFields, Users users, Teams teams, MessageSource messages) {
        this.customFields = customFields;
        this.users = users;
        this.teams = teams;
        this.messages = messages;
    }

    @Override
    public List<ContactCriterion> criteria() {
        List<ContactCriterion> all = new ArrayList<>();
        all.add(text("customers.firstName", "c.first_name"));
        all.add(text("customers.lastName", "c.last_name"));
        all.add(text("customers.email", "c.emails[1]"));
        all.add(text("customers.jobTitle", "c.job_title"));
        all.add(text("customers.city", "c.city"));
        all.add(new ContactCriterion("customers.country", GROUP, "segment.criterion.customers.country",
                ValueType.TEXT, List.of(Operator.EQ, Operator.NE, Operator.EMPTY, Operator.NOT_EMPTY), false, null,
                (op, v, p) -> ContactCriterion.compare("c.country", op,
                        v.text() == null ? v : new ContactCriterion.Value(v.text().toUpperCase(Locale.ROOT), null,
                                null, null), p)));
        all.add(choice("customers.language", List.of(Operator.IS, Operator.IS_NOT), locale -> Arrays
                .stream(new String[] { "en", "pl", "cs" })
                .map(l -> new Choice(l, Locale.forLanguageTag(l).getDisplayLanguage(locale))).toList(),
                (op, v, p) -> ContactCriterion.compare("c.preferred_language", op, v, p)));
        all.add(choice("customers.source", List.of(Operator.IS, Operator.IS_NOT), locale -> Arrays
                .stream(ContactSource.values()).map(s -> new Choice(s.name(), label("source." + s.name(), locale)))
                .toList(), (op, v, p) -> ContactCriterion.compare("c.source", op, v, p)));
        all.add(new ContactCriterion("customers.tag", GROUP, "segment.criterion.customers.tag", ValueType.TEXT,
                List.of(Operator.IS, Operator.IS_NOT), false, null,
                (op, v, p) -> (op == Operator.IS ? "" : "not ") + "c.tags @> array[cast("
                        + p.add(v.text().toLowerCase(Locale.ROOT)) + " as text)]"));
        all.add(choice("customers.owner", List.of(Operator.IS, Operator.IS_NOT, Operator.EMPTY, Operator.NOT_EMPTY),
                locale -> users.possibleOwners().stream().map(u -> new Choice(String.valueOf(u.id()), u.name()))
                        .toList(),
                (op, v, p) -> ContactCriterion.compare("c.owner_id", op,
                        v.text() == null ? v : new ContactCriterion.Value(null, new java.math.BigDecimal(v.text()),
                                null, null), p)));
        all.add(choice("customers.team", List.of(Operator.IS, Operator.IS_NOT),
                locale -> teams.list().stream().map(t -> new Choice(String.valueOf(t.id()), t.name())).toList(),
                (op, v, p) -> {
                    long team = Long.parseLong(v.text());
                    Long[] owners = users.activeUsers().stream().filter(u -> u.teamIds().contains(team))
                            .map(UserSummary::id).toArray(Long[]::new);
                    String in = "c.owner_id = any(cast(" + p.add(owners) + " as bigint[]))";
                    return op == Operator.IS ? in : "not coalesce(" + in + ", false)";
                }));
        all.add(choice("customers.stage", List.of(Operator.IS, Operator.IS_NOT), locale -> Arrays
                .stream(LifecycleStage.values()).map(s -> new Choice(s.name(), label("stage." + s.name(), locale)))
                .toList(), (op, v, p) -> company("co.lifecycle_stage", op, v, p)));
        all.add(choice("customers.companySize", List.of(Operator.IS, Operator.IS_NOT), locale -> Arrays
                .stream(CompanySize.values()).map(s -> new Choice(s.name(), label("size." + s.name(), locale)))
                .toList(), (op, v, p) -> company("co.size", op, v, p)));
        all.add(new ContactCriterion("customers.birthday", GROUP, "segment.criterion.customers.birthday",
                ValueType.DATE, ContactCriterion.operatorsFor(ValueType.DATE), false, null,
                (op, v, p) -> ContactCriterion.compare("c.birthday", op, v, p)));
        all.add(new ContactCriterion("customers.createdAt", GROUP, "segment.criterion.customers.createdAt",
                ValueType.DATE, List.of(Operator.BEFORE, Operator.AFTER), false, null,
                (op, v, p) -> ContactCriterion.compare("cast(c.created_at as date)", op, v, p)));
        for (CustomFieldDefinition field : customFields.active(CustomerType.CONTACT)) {
            all.add(custom(field).labelled(field::label));
        }
        return all;
    }

    private static String company(String column, Operator op, ContactCriterion.Value v,
            app.klient.customers.ContactCondition.Params p) {
        String in = "exists (select 1 from companies co where co.id = c.company_id and " + column + " = cast("
                + p.add(v.text()) + " as text))";
        return op == Operator.IS ? in : "not " + in;
    }

    private ContactCriterion custom(CustomFieldDefinition field) {
        String key = "customers.cf." + field.key();
        String label = "segment.criterion.customers.customField";
        return switch (field.type()) {
            case NUMBER -> new ContactCriterion(key, GROUP, label, ValueType.NUMBER,
                    ContactCriterion.operatorsFor(ValueType.NUMBER), false, locale -> List.of(),
                    (op, v, p) -> ContactCriterion.compare("case when jsonb_typeof(c.custom_fields -> "
                            + p.add(field.key()) + ") = 'number' then cast(c.custom_fields ->> " + p.add(field.key())
                            + " as numeric) end", op, v, p));
            case DATE -> new ContactCriterion(key, GROUP, label, ValueType.DATE,
                    ContactCriterion.operatorsFor(ValueType.DATE), false, locale -> List.of(),
                    (op, v, p) -> ContactCriterion.compare("case when (c.custom_fields ->> " + p.add(field.key())
                            + ") ~ '^\\d{4}-\\d{2}-\\d{2}$' then cast(c.custom_fields ->> " + p.add(field.key())
                            + " as date) end", op, v, p));
            case BOOLEAN -> new ContactCriterion(key, GROUP, label, ValueType.NONE, List.of(Operator.YES, Operator.NO),
                    false, locale -> List.of(), (op, v, p) -> "c.custom_fields @> cast(" + p.add(
                            "{\"" + field.key() + "\":" + (op == Operator.YES) + "}") + " as jsonb)");
            case CHOICE, MULTI_CHOICE -> new ContactCriterion(key, GROUP, label, ValueType.CHOICE,
                    List.of(Operator.IS, Operator.IS_NOT), false,
                    locale -> field.options().stream().map(o -> new Choice(o.key(), o.label(locale))).toList(),
                    (op, v, p) -> {
                        String json = field.type() == app.klient.customers.FieldType.MULTI_CHOICE
                                ? customFields.write(java.util.Map.of(field.key(), List.of(v.text())))
                                : customFields.write(java.util.Map.of(field.key(), v.text()));
                        return (op == Operator.IS ? "" : "not ") + "c.custom_fields @> cast(" + p.add(json)
                                + " as jsonb)";
                    });
            default -> new ContactCriterion(key, GROUP, label, ValueType.TEXT,
                    ContactCriterion.operatorsFor(ValueType.TEXT), false, locale -> List.of(),
                    (op, v, p) -> ContactCriterion.compare("c.custom_fields ->> " + p.add(field.key()), op, v, p));
        };
    }

    private ContactCriterion text(String key, String column) {
        return new ContactCriterion(key, GROUP, "segment.criterion." + key, ValueType.TEXT,
                ContactCriterion.operatorsFor(ValueType.TEXT), false, null,
                (op, v, p) -> ContactCriterion.compare(column, op, v, p));
    }

    private static ContactCriterion choice(String key, List<Operator> operators,
            Function<Locale, List<Choice>> choices, ContactCriterion.Sql sql) {
        return new ContactCriterion(key, GROUP, "segment.criterion." + key, ValueType.CHOICE, operators, false,
                choices, sql);
    }

    private String label(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
