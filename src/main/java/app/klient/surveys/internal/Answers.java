package app.klient.surveys.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import app.klient.activities.Priority;
import app.klient.activities.TaskForm;
import app.klient.activities.Tasks;
import app.klient.customers.Companies;
import app.klient.customers.Contacts;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.service.TicketSurveyAnswers;
import app.klient.service.Tickets;
import app.klient.surveys.QuestionKind;
import app.klient.surveys.QuestionView;
import app.klient.surveys.SurveyKind;
import app.klient.surveys.SurveyView;
import app.klient.surveys.Surveys;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customer's side: a link opens its survey in the invitation's language, and is answered once. A link that is
 * not one (forged, mistyped), has expired or was answered already says which, and nothing more; answers out of range
 * or missing are refused with the question they belong to, and the link still works. An answer lands on the
 * customer's timeline; a poor score makes a task for the customer's owner to call back (closing the loop), kept on the
 * response so its page shows whether the call was made; a ticket's survey is also written on the ticket.
 */
@Component
public class Answers {

    /** Why a link does not open a survey. */
    public enum Closed {
        UNKNOWN, EXPIRED, ANSWERED
    }

    /** A link that opens: the survey, the language to ask in, and what it is about (a ticket's number and subject). */
    public record Open(SurveyView survey, String language, String about) {
    }

    /** An answered survey: the response, and the language it was asked in (for the thank-you). */
    public record Answered(long responseId, String language) {
    }

    /** A link that does not open, and why. */
    public static class Unavailable extends KlientException {

        private final Closed why;
        private final String language;

        Unavailable(Closed why, String language) {
            super(HttpStatus.GONE, "surveys.closed." + why.name());
            this.why = why;
            this.language = language;
        }

        public Closed why() {
            return why;
        }

        /** The invitation's language when the link was a real one; else null. */
        public String language() {
            return language;
        }
    }

    private record Invitation(long id, long surveyId, Long contactId, Long companyId, Long agentId, Long teamId,
            String language, String causeKind, Long causeId, boolean expired, boolean answered) {
    }

    public static final int MAX_TEXT = 2000;

    private final JdbcClient jdbc;
    private final Surveys surveys;
    private final Timeline timeline;
    private final Tasks tasks;
    private final Users users;
    private final Contacts contacts;
    private final Companies companies;
    private final Tickets tickets;
    private final TicketSurveyAnswers ticketAnswers;
    private final MessageSource messages;

    Answers(JdbcClient jdbc, Surveys surveys, Timeline timeline, Tasks tasks, Users users, Contacts contacts,
            Companies companies, Tickets tickets, TicketSurveyAnswers ticketAnswers, MessageSource messages) {
        this.jdbc = jdbc;
        this.surveys = surveys;
        this.timeline = timeline;
        this.tasks = tasks;
        this.users = users;
        this.contacts = contacts;
        this.companies = companies;
        this.tickets = tickets;
        this.ticketAnswers = ticketAnswers;
        this.messages = messages;
    }

    @Transactional(readOnly = true)
    public Open open(String token) {
        Invitation invitation = find(token);
        if (invitation.answered() || invitation.expired()) {
            throw new Unavailable(invitation.answered() ? Closed.ANSWERED : Closed.EXPIRED, invitation.language());
        }
        String about = null;
        if ("TICKET".equals(invitation.causeKind()) && invitation.causeId() != null) {
            var ticket = tickets.get(invitation.causeId());
            about = ticket.number() + " · " + ticket.subject();
        }
        return new Open(surveys.get(invitation.surveyId()), invitation.language(), about);
    }

    /**
     * Takes the answers as the page posts them ({@code nps}, {@code ces}, {@code csat}, {@code q2}..., and
     * {@code comment}). The link is spent in the same statement that checks it is still
     * good, so two answers sent at the same moment leave one.
     */
    @Transactional
    public Answered answer(String token, Map<String, String> fields) {
        Invitation invitation = find(token);
        if (invitation.answered() || invitation.expired()) {
            throw new Unavailable(invitation.answered() ? Closed.ANSWERED : Closed.EXPIRED, invitation.language());
        }
        SurveyView survey = surveys.get(invitation.surveyId());
        List<Given> given = read(survey.questions(), fields);
        String comment = text(fields.get("comment"), "comment");
        int spent = jdbc.sql("""
                update survey_invitations set answered_at = now()
                where id = :id and answered_at is null and expires_at > now()""").param("id", invitation.id())
                .update();
        if (spent == 0) {
            throw new Unavailable(Closed.ANSWERED, invitation.language());
        }
        Integer score = given.stream().filter(g -> g.question().kind() == survey.kind().scoreQuestion())
                .map(Given::score).findFirst().orElse(null);
        long response = jdbc.sql("""
                insert into survey_responses (invitation_id, survey_id, kind, contact_id, company_id, agent_id,
                    team_id, score, comment, language)
                values (:invitation, :survey, :kind, :contact, :company, :agent, :team, :score, :comment, :language)
                returning id""").param("invitation", invitation.id()).param("survey", survey.id())
                .param("kind", survey.kind().name()).param("contact", invitation.contactId())
                .param("company", invitation.companyId()).param("agent", invitation.agentId())
                .param("team", invitation.teamId()).param("score", score).param("comment", comment)
                .param("language", invitation.language()).query(Long.class).single();
        for (Given g : given) {
            jdbc.sql("""
                    insert into survey_answers (response_id, question_id, score, choice, text)
                    values (:response, :question, :score, :choice, :text)""").param("response", response)
                    .param("question", g.question().id()).param("score", g.score()).param("choice", g.choice())
                    .param("text", g.text()).update();
        }
        onTimeline(survey, invitation, response, score, comment);
        if (survey.kind().poor(score)) {
            followUp(survey, invitation, response, score, comment);
        }
        // the ticket keeps what its satisfaction survey answered; an NPS or another survey about it is the
        // customer's answer, not the ticket's
        if ("TICKET".equals(invitation.causeKind()) && invitation.causeId() != null
                && survey.kind() == SurveyKind.CSAT) {
            ticketAnswers.answered(invitation.causeId(), scoreOf(given, QuestionKind.CSAT),
                    scoreOf(given, QuestionKind.CES), comment);
        }
        return new Answered(response, invitation.language());
    }

    private Invitation find(String token) {
        if (!Invitations.wellFormed(token)) {
            throw new Unavailable(Closed.UNKNOWN, null);
        }
        return jdbc.sql("""
                select id, survey_id, contact_id, company_id, agent_id, team_id, language, cause_kind, cause_id,
                       expires_at <= now(), answered_at is not null
                from survey_invitations where token_hash = :hash""").param("hash", Invitations.hash(token))
                .query((rs, n) -> new Invitation(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class),
                        rs.getObject(4, Long.class), rs.getObject(5, Long.class), rs.getObject(6, Long.class),
                        rs.getString(7), rs.getString(8), rs.getObject(9, Long.class), rs.getBoolean(10),
                        rs.getBoolean(11)))
                .optional().orElseThrow(() -> new Unavailable(Closed.UNKNOWN, null));
    }

    private record Given(QuestionView question, Integer score, Integer choice, String text) {
    }

    /** Each question's answer as posted, checked against the question: in range, one of the options, not too long. */
    private List<Given> read(List<QuestionView> questions, Map<String, String> fields) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        List<Given> given = new ArrayList<>();
        for (QuestionView q : questions) {
            String raw = fields.get(q.field());
            raw = raw == null ? null : raw.strip();
            if (raw == null || raw.isEmpty()) {
                if (q.required()) {
                    errors.add(q.field(), q.kind() == QuestionKind.TEXT ? "surveys.answer.required"
                            : q.kind() == QuestionKind.CHOICE ? "surveys.answer.choose" : "surveys.answer.range",
                            q.low(), q.high());
                }
                continue;
            }
            switch (q.kind()) {
                case TEXT -> {
                    if (raw.length() > MAX_TEXT) {
                        errors.add(q.field(), "surveys.answer.tooLong", MAX_TEXT);
                    }
                    else {
                        given.add(new Given(q, null, null, raw));
                    }
                }
                case CHOICE -> {
                    Integer choice = number(raw);
                    if (choice == null || choice < 0 || choice >= q.options().size()) {
                        errors.add(q.field(), "surveys.answer.choose");
                    }
                    else {
                        given.add(new Given(q, null, choice, null));
                    }
                }
                default -> {
                    Integer score = number(raw);
                    if (score == null || score < q.low() || score > q.high()) {
                        errors.add(q.field(), "surveys.answer.range", q.low(), q.high());
                    }
                    else {
                        given.add(new Given(q, score, null, null));
                    }
                }
            }
        }
        errors.throwIfAny();
        return given;
    }

    private static Integer number(String raw) {
        return raw.matches("\\d{1,2}") ? Integer.valueOf(raw) : null;
    }

    private static String text(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > MAX_TEXT) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "surveys.answer.tooLong", MAX_TEXT)));
        }
        return raw.strip();
    }

    private static Integer scoreOf(List<Given> given, QuestionKind kind) {
        return given.stream().filter(g -> g.question().kind() == kind).map(Given::score).findFirst().orElse(null);
    }

    /**
     * "Support satisfaction: NPS 3 of 10" (or "Support satisfaction: answered"), put into words when the card is read;
     * the comment below it as written.
     */
    private void onTimeline(SurveyView survey, Invitation invitation, long response, Integer score, String comment) {
        if (invitation.contactId() == null && invitation.companyId() == null) {
            return;
        }
        Phrase title = score == null ? Phrase.of("surveys.timeline.answered", Phrase.text(survey.name()))
                : Phrase.of("surveys.timeline.scored", Phrase.text(survey.name()), Phrase.code("surveys.kind."
                        + survey.kind().name(), survey.kind().name()), score, survey.kind().max());
        timeline.record(TimelineRecord.coded(invitation.contactId() == null ? invitation.companyId() : null,
                invitation.contactId(), "SURVEY_ANSWERED", null, null, "surveys", response, null).titled(title)
                .withText(comment));
    }

    /**
     * A task to call the customer back, for their owner (the contact's, else the company's, else whoever served
     * them), worded in the owner's language; none when nobody can take it.
     */
    private void followUp(SurveyView survey, Invitation invitation, long response, int score, String comment) {
        Optional<UserSummary> owner = owner(invitation);
        if (owner.isEmpty()) {
            return;
        }
        Locale locale = Locale.forLanguageTag(owner.get().locale() == null ? "en" : owner.get().locale());
        String who = invitation.contactId() != null ? contacts.get(invitation.contactId()).fullName()
                : invitation.companyId() != null ? companies.name(invitation.companyId()) : "";
        String kind = messages.getMessage("surveys.kind." + survey.kind().name(), null, locale);
        String title = messages.getMessage("surveys.followUp.title", new Object[] { who, kind, score,
            survey.kind().max() }, locale);
        String description = messages.getMessage("surveys.followUp.description", new Object[] { survey.name() },
                locale) + (comment == null ? "" : "\n\n“" + comment + "”");
        var task = tasks.createAutomatically(new TaskForm(cut(title, 200), cut(description, 4000),
                OffsetDateTime.now(ZoneOffset.UTC).plusDays(1), Priority.HIGH, owner.get().id(),
                invitation.contactId(), invitation.contactId() == null ? invitation.companyId() : null,
                "DEAL".equals(invitation.causeKind()) ? invitation.causeId() : null, null,
                "TICKET".equals(invitation.causeKind()) ? invitation.causeId() : null, null, false, null));
        jdbc.sql("update survey_responses set follow_up_task_id = :task where id = :id").param("task", task.id())
                .param("id", response).update();
    }

    private Optional<UserSummary> owner(Invitation invitation) {
        List<Long> candidates = new ArrayList<>();
        if (invitation.contactId() != null) {
            var contact = contacts.get(invitation.contactId());
            candidates.add(contact.ownerId());
            if (contact.companyId() != null) {
                candidates.add(companies.get(contact.companyId()).ownerId());
            }
        }
        if (invitation.companyId() != null) {
            candidates.add(companies.get(invitation.companyId()).ownerId());
        }
        candidates.add(invitation.agentId());
        return candidates.stream().filter(id -> id != null && users.ownerProblem(id).isEmpty()).findFirst()
                .map(users::get);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

}
