package app.klient.surveys.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import app.klient.activities.Priority;
import app.klient.activities.TaskForm;
import app.klient.activities.Tasks;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.platform.DemoData;
import app.klient.platform.Phrase;
import app.klient.surveys.QuestionForm;
import app.klient.surveys.QuestionKind;
import app.klient.surveys.SurveyForm;
import app.klient.surveys.SurveyKind;
import app.klient.surveys.SurveyTrigger;
import app.klient.surveys.SurveyView;
import app.klient.surveys.Surveys;
import net.datafaker.Faker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo company asks its customers: the support team's satisfaction survey after each resolved ticket (the ratings
 * the demo tickets carry, kept as its answers), a recommendation survey (NPS) a week after each delivery answered by
 * two months of customers in Polish and Czech — detractors with a call-back task for their owner, some already done —,
 * and a product questionnaire of its own questions, asked by hand.
 * <p>
 * What the services can do now goes through them (the surveys, the tasks, the timeline); answers that only time and a
 * mail server could produce are written as they would have been recorded then.
 */
@Component
@Order(90)
class DemoSurveys implements DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoSurveys.class);
    private static final java.util.Locale POLISH = java.util.Locale.forLanguageTag("pl");

    private static final String[][] PRAISE = {
        { "Szybka dostawa i świetny kontakt z opiekunem.", "Wszystko zgodnie z umową, polecam.",
            "Produkt działa bez zarzutu od pierwszego dnia." },
        { "Rychlé dodání a skvělá komunikace.", "Vše podle dohody, doporučuji.", "Výrobek funguje bez potíží." } };
    private static final String[][] COMPLAINTS = {
        { "Dostawa spóźniła się o tydzień i nikt nas nie uprzedził.", "Faktura przyszła z błędami, a korekta trwała długo.",
            "Trudno się dodzwonić do działu obsługi." },
        { "Dodání se o týden zpozdilo a nikdo nás neupozornil.", "Faktura přišla s chybami a oprava trvala dlouho.",
            "Na zákaznickou podporu se těžko dovolá." } };

    private final JdbcClient jdbc;
    private final Surveys surveys;
    private final Tasks tasks;
    private final Timeline timeline;
    private final MessageSource messages;

    DemoSurveys(JdbcClient jdbc, Surveys surveys, Tasks tasks, Timeline timeline, MessageSource messages) {
        this.messages = messages;
        this.jdbc = jdbc;
        this.surveys = surveys;
        this.tasks = tasks;
        this.timeline = timeline;
    }

    @Override
    public void fill(Faker faker) {
        long started = System.nanoTime();
        Random random = new Random(19);
        int tickets = ticketAnswers();
        SurveyView nps = surveys.create(new SurveyForm("Recommendation after delivery", SurveyKind.NPS,
                SurveyTrigger.ORDER_DELIVERED, 7, null, 90, 14, true, List.of(new QuestionForm(QuestionKind.CHOICE,
                        "What mattered most to you?", "Co było dla Ciebie najważniejsze?", "Co pro vás bylo nejdůležitější?",
                        List.of(new QuestionForm.Option("Price", "Cena", "Cena"),
                                new QuestionForm.Option("Delivery time", "Czas dostawy", "Doba dodání"),
                                new QuestionForm.Option("Quality", "Jakość", "Kvalita"),
                                new QuestionForm.Option("Service", "Obsługa", "Obsluha")), null, null, false)),
                null));
        surveys.create(new SurveyForm("Product questionnaire", SurveyKind.CUSTOM, SurveyTrigger.MANUAL, 0, null, 30,
                21, true, List.of(new QuestionForm(QuestionKind.SCALE, "How often do you use our products?",
                        "Jak często korzystasz z naszych produktów?", "Jak často používáte naše výrobky?", null, 1, 5,
                        true), new QuestionForm(QuestionKind.TEXT, "Which product should we add to the catalog?",
                                "Jaki produkt powinniśmy dodać do katalogu?", "Jaký výrobek bychom měli přidat do katalogu?",
                                null, null, null, false)), null));
        long question = nps.questions().get(1).id();
        long npsQuestion = nps.questions().get(0).id();
        record Person(long contactId, Long companyId, Long ownerId, String language, String name, long orderId,
                Instant deliveredAt) {
        }
        // the buyers of the demo orders, as if their orders had been delivered over the last two months
        List<Person> people = jdbc.sql("""
                select distinct on (c.id) c.id, c.company_id, coalesce(c.owner_id, co.owner_id, o.owner_id),
                       case when lower(c.preferred_language) in ('pl', 'cs') then lower(c.preferred_language)
                            when co.country = 'CZ' then 'cs' else 'pl' end,
                       concat_ws(' ', c.first_name, c.last_name), o.id
                from orders o join contacts c on c.id = o.contact_id left join companies co on co.id = c.company_id
                where c.emails[1] is not null and o.status <> 'CANCELLED' order by c.id, o.id limit 60""")
                .query((rs, n) -> new Person(rs.getLong(1), rs.getObject(2, Long.class), rs.getObject(3, Long.class),
                        rs.getString(4), rs.getString(5), rs.getLong(6),
                        Instant.now().minus(Duration.ofDays(8 + random.nextInt(55))))).list();
        int answered = 0;
        for (int i = 0; i < people.size(); i++) {
            Person p = people.get(i);
            Instant sent = p.deliveredAt().plus(Duration.ofDays(7));
            boolean answers = random.nextInt(100) < 62;
            Instant at = sent.plus(Duration.ofHours(2 + random.nextInt(70)));
            long invitation = jdbc.sql("""
                    insert into survey_invitations (survey_id, contact_id, company_id, address, language, token_hash,
                        cause_kind, cause_id, agent_id, sent_at, expires_at, answered_at)
                    select :survey, c.id, c.company_id, c.emails[1], :language, md5('demo ' || c.id) || md5('nps ' || c.id),
                        'ORDER', :order, :owner, :sent, :expires, :answered
                    from contacts c where c.id = :contact returning id""").param("survey", nps.id())
                    .param("order", p.orderId())
                    .param("contact", p.contactId()).param("language", p.language()).param("owner", p.ownerId())
                    .param("sent", Timestamp.from(sent))
                    .param("expires", Timestamp.from(sent.plus(Duration.ofDays(14))))
                    .param("answered", answers ? Timestamp.from(at) : null).query(Long.class).single();
            jdbc.sql("""
                    insert into survey_occasions (survey_id, cause_kind, cause_id, contact_id, outcome, invitation_id, at)
                    values (:survey, 'ORDER', :order, :contact, 'INVITED', :invitation, :sent)""")
                    .param("survey", nps.id()).param("contact", p.contactId()).param("order", p.orderId()).param("invitation", invitation)
                    .param("sent", Timestamp.from(sent)).update();
            if (!answers) {
                continue;
            }
            answered++;
            int roll = random.nextInt(100);
            int score = roll < 55 ? 9 + random.nextInt(2) : roll < 80 ? 7 + random.nextInt(2) : random.nextInt(7);
            int language = "cs".equals(p.language()) ? 1 : 0;
            String comment = random.nextInt(3) == 0 ? null : score >= 7 ? PRAISE[language][random.nextInt(3)]
                    : COMPLAINTS[language][random.nextInt(3)];
            long response = jdbc.sql("""
                    insert into survey_responses (invitation_id, survey_id, kind, contact_id, company_id, agent_id,
                        score, comment, language, answered_at)
                    values (:invitation, :survey, 'NPS', :contact, :company, :agent, :score, :comment, :language, :at)
                    returning id""").param("invitation", invitation).param("survey", nps.id())
                    .param("contact", p.contactId()).param("company", p.companyId()).param("agent", p.ownerId())
                    .param("score", score).param("comment", comment).param("language", p.language())
                    .param("at", Timestamp.from(at)).query(Long.class).single();
            jdbc.sql("insert into survey_answers (response_id, question_id, score) values (:r, :q, :s)")
                    .param("r", response).param("q", npsQuestion).param("s", score).update();
            jdbc.sql("insert into survey_answers (response_id, question_id, choice) values (:r, :q, :c)")
                    .param("r", response).param("q", question).param("c", random.nextInt(4)).update();
            timeline.record(TimelineRecord.coded(null, p.contactId(), "SURVEY_ANSWERED", null, null, "surveys",
                    response, null).titled(Phrase.of("surveys.timeline.scored", Phrase.text(nps.name()),
                            Phrase.code("surveys.kind.NPS", "NPS"), score, 10)).withText(comment).at(at));
            if (score <= 6 && p.ownerId() != null) {
                boolean done = random.nextBoolean();
                // the demo company's people read Polish
                var task = tasks.createAutomatically(new TaskForm(messages.getMessage("surveys.followUp.title",
                        new Object[] { p.name(), "NPS", score, 10 }, POLISH), comment,
                        OffsetDateTime.ofInstant(at.plus(Duration.ofDays(1)), ZoneOffset.UTC), Priority.HIGH,
                        p.ownerId(), p.contactId(), null, null, null, null, null, done, null));
                jdbc.sql("update survey_responses set follow_up_task_id = :task where id = :id")
                        .param("task", task.id()).param("id", response).update();
            }
        }
        log.info("Demo surveys: {} ticket ratings, {} of {} asked answered the NPS survey, in {} ms", tickets, answered,
                people.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The ratings of the demo tickets, kept as answers of the support team's survey (as the migration keeps any). */
    private int ticketAnswers() {
        jdbc.sql("""
                insert into survey_invitations (survey_id, contact_id, company_id, address, language, token_hash,
                    cause_kind, cause_id, agent_id, team_id, sent_at, expires_at, answered_at)
                select s.id, t.contact_id, t.company_id,
                       coalesce(t.requester_email, (select c.emails[1] from contacts c where c.id = t.contact_id), ''),
                       coalesce((select lower(c.preferred_language) from contacts c where c.id = t.contact_id
                                 and lower(c.preferred_language) in ('en', 'pl', 'cs')), 'pl'),
                       md5('demo ticket ' || t.id) || md5('survey ' || t.id), 'TICKET', t.id, t.assignee_id, t.team_id,
                       coalesce(t.resolved_at, t.survey_answered_at), t.survey_answered_at + interval '14 days',
                       t.survey_answered_at
                from tickets t join surveys s on s.name = 'Support satisfaction'
                where t.survey_answered_at is not null and t.csat is not null
                  and not exists (select 1 from survey_invitations i where i.cause_kind = 'TICKET' and i.cause_id = t.id)""")
                .update();
        int moved = jdbc.sql("""
                insert into survey_responses (invitation_id, survey_id, kind, contact_id, company_id, agent_id, team_id,
                    score, comment, language, answered_at)
                select i.id, i.survey_id, 'CSAT', i.contact_id, i.company_id, i.agent_id, i.team_id, t.csat,
                       t.survey_comment, i.language, i.answered_at
                from survey_invitations i join tickets t on t.id = i.cause_id
                where i.cause_kind = 'TICKET' and i.answered_at is not null
                  and not exists (select 1 from survey_responses r where r.invitation_id = i.id)""").update();
        jdbc.sql("""
                insert into survey_answers (response_id, question_id, score)
                select r.id, q.id, t.csat from survey_responses r
                join survey_invitations i on i.id = r.invitation_id join tickets t on t.id = i.cause_id
                join survey_questions q on q.survey_id = r.survey_id and q.kind = 'CSAT'
                where i.cause_kind = 'TICKET' on conflict do nothing""").update();
        // three in four also answered the effort question (CES 1-7), about as easy as they were satisfied; the
        // ticket keeps it as it keeps the satisfaction
        jdbc.sql("""
                insert into survey_answers (response_id, question_id, score)
                select r.id, q.id, least(7, t.csat - 1 + cast(t.id % 4 as int)) from survey_responses r
                join survey_invitations i on i.id = r.invitation_id join tickets t on t.id = i.cause_id
                join survey_questions q on q.survey_id = r.survey_id and q.kind = 'CES'
                where i.cause_kind = 'TICKET' and t.csat is not null and t.id % 4 <> 0
                on conflict do nothing""").update();
        jdbc.sql("""
                update tickets t set ces = a.score
                from survey_invitations i join survey_responses r on r.invitation_id = i.id
                join survey_answers a on a.response_id = r.id
                join survey_questions q on q.id = a.question_id and q.kind = 'CES'
                where i.cause_kind = 'TICKET' and i.cause_id = t.id and t.ces is null""").update();
        jdbc.sql("""
                insert into survey_occasions (survey_id, cause_kind, cause_id, contact_id, outcome, invitation_id, at)
                select i.survey_id, 'TICKET', i.cause_id, i.contact_id, 'INVITED', i.id, i.sent_at
                from survey_invitations i where i.cause_kind = 'TICKET' on conflict do nothing""").update();
        return moved;
    }
}
