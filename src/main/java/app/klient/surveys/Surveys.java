package app.klient.surveys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.customers.ContactCondition;
import app.klient.customers.Contacts;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Role;
import app.klient.marketing.Segments;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.RefusedTransition;
import app.klient.platform.db.Versions;
import app.klient.platform.web.CountedPage;
import app.klient.surveys.internal.Invitations;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.context.MessageSource;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The surveys the administrator defines (everybody reads them and their answers), the answers each got, and the log
 * of the occasions each met. Sending is {@code internal/SurveyRun}'s, answering {@code internal/Answers}'.
 */
@Service
public class Surveys {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] AUDITED = { "name", "kind", "trigger", "delayDays", "segmentId", "quietDays",
        "validDays", "active" };

    private final JdbcClient jdbc;
    private final Versions versions;
    private final Segments segments;
    private final AuditLog audit;
    private final MessageSource messages;
    private final Invitations invitations;
    private final Contacts contacts;
    private final Validator validator;
    /** Answers reads surveys through this class: taken when first needed, not at construction. */
    private final org.springframework.beans.factory.ObjectProvider<app.klient.surveys.internal.Answers> answers;

    Surveys(JdbcClient jdbc, Versions versions, Segments segments, AuditLog audit, MessageSource messages,
            Invitations invitations, Contacts contacts, Validator validator,
            org.springframework.beans.factory.ObjectProvider<app.klient.surveys.internal.Answers> answers) {
        this.answers = answers;
        this.validator = validator;
        this.invitations = invitations;
        this.contacts = contacts;
        this.jdbc = jdbc;
        this.versions = versions;
        this.segments = segments;
        this.audit = audit;
        this.messages = messages;
    }

    /** Only the administrator defines surveys and starts a segment's sending. */
    public static void checkAdministrator() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "surveys.forbidden");
        }
    }

    public static boolean mayDefine() {
        return CurrentUser.hasRole(Role.ADMIN);
    }

    @Transactional(readOnly = true)
    public List<SurveyView> list() {
        return jdbc.sql(SELECT + " order by s.active desc, lower(s.name)").query(this::view).list();
    }

    @Transactional(readOnly = true)
    public SurveyView get(long id) {
        return jdbc.sql(SELECT + " where s.id = :id").param("id", id).query(this::view).optional()
                .orElseThrow(() -> KlientException.notFound("surveys.notFound"));
    }

    /** The switched-on surveys a trigger sends. */
    @Transactional(readOnly = true)
    public List<SurveyView> active(SurveyTrigger trigger) {
        return jdbc.sql(SELECT + " where s.active and s.trigger = :trigger order by s.id")
                .param("trigger", trigger.name()).query(this::view).list();
    }

    @Transactional
    public SurveyView create(SurveyForm form) {
        checkAdministrator();
        checkLimits(form);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form.name() == null || form.name().isBlank()) {
            errors.add("name", "surveys.name.required");
        }
        if (form.kind() == null) {
            errors.add("kind", "surveys.kind.required");
        }
        if (form.trigger() == null) {
            errors.add("trigger", "surveys.trigger.required");
        }
        errors.throwIfAny();
        checkSegment(form.trigger(), form.segmentId());
        checkName(form.name().strip(), null);
        List<QuestionForm> questions = questions(form.kind(), form.questions());
        long id = jdbc.sql("""
                insert into surveys (name, kind, trigger, delay_days, segment_id, quiet_days, valid_days, active)
                values (:name, :kind, :trigger, :delay, :segment, :quiet, :valid, :active) returning id""")
                .param("name", form.name().strip()).param("kind", form.kind().name())
                .param("trigger", form.trigger().name())
                .param("delay", form.delayDays() == null ? 0 : form.delayDays())
                .param("segment", form.trigger() == SurveyTrigger.SEGMENT ? form.segmentId() : null)
                .param("quiet", form.quietDays() == null ? 90 : form.quietDays())
                .param("valid", form.validDays() == null ? 14 : form.validDays())
                .param("active", !Boolean.FALSE.equals(form.active())).query(Long.class).single();
        writeQuestions(id, questions);
        SurveyView made = get(id);
        audit.record(AuditAction.CREATE, "survey", id, made.name(), FieldChange.of(FieldChange.fields(made, AUDITED)));
        return made;
    }

    /**
     * Changes what the form gives. The kind and the questions' shape are fixed once somebody was invited (the answers
     * given stay tied to them); the wording may still change.
     */
    @Transactional
    public SurveyView update(long id, SurveyForm form) {
        checkAdministrator();
        checkLimits(form);
        Versions.required(form.version());
        SurveyView current = get(id);
        Versions.check(form.version(), current.version());
        boolean invited = current.invited() > 0;
        SurveyKind kind = form.kind() == null ? current.kind() : form.kind();
        if (invited && kind != current.kind()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("kind", "surveys.kind.fixed")));
        }
        if (form.name() != null) {
            if (form.name().isBlank()) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError("name", "surveys.name.required")));
            }
            checkName(form.name().strip(), id);
        }
        SurveyTrigger trigger = form.trigger() == null ? current.trigger() : form.trigger();
        Long segment = trigger != SurveyTrigger.SEGMENT ? null
                : form.segmentId() != null ? form.segmentId() : current.segmentId();
        checkSegment(trigger, segment);
        if (current.segmentStartedAt() != null && (trigger != current.trigger()
                || !java.util.Objects.equals(segment, current.segmentId()))) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("segmentId", "surveys.segment.started")));
        }
        if (form.questions() != null || kind != current.kind()) {
            List<QuestionForm> questions = questions(kind, form.questions() != null ? form.questions()
                    : current.questions().stream().filter(q -> !q.kind().isScore()).map(Surveys::form).toList());
            if (invited) {
                reword(current, questions);
            }
            else {
                jdbc.sql("delete from survey_questions where survey_id = :id").param("id", id).update();
                writeQuestions(id, questions);
            }
        }
        versions.change("surveys", id, form.version()).set("""
                name = :name, kind = :kind, trigger = :trigger, delay_days = :delay, segment_id = :segment,
                quiet_days = :quiet, valid_days = :valid, active = :active, updated_at = now()""")
                .param("name", form.name() == null ? current.name() : form.name().strip())
                .param("kind", kind.name()).param("trigger", trigger.name())
                .param("delay", form.delayDays() == null ? current.delayDays() : form.delayDays())
                .param("segment", segment)
                .param("quiet", form.quietDays() == null ? current.quietDays() : form.quietDays())
                .param("valid", form.validDays() == null ? current.validDays() : form.validDays())
                .param("active", form.active() == null ? current.active() : form.active())
                .notFound("surveys.notFound").apply();
        SurveyView changed = get(id);
        audit.record(AuditAction.UPDATE, "survey", id, changed.name(), FieldChange.between(
                FieldChange.fields(current, AUDITED), FieldChange.fields(changed, AUDITED)));
        return changed;
    }

    /**
     * Starts sending a segment's survey: once, to the members the segment has while the job walks it (only those whose
     * consent allows it are asked). A second start, or a survey that is off or not for a segment, is refused.
     */
    @Transactional
    public SurveyView startSegment(long id) {
        checkAdministrator();
        SurveyView survey = get(id);
        if (survey.trigger() != SurveyTrigger.SEGMENT) {
            throw new RefusedTransition("surveys.segment.notSegment", "surveys.trigger." + survey.trigger().name());
        }
        int started = jdbc.sql("""
                update surveys set segment_started_at = now(), updated_at = now()
                where id = :id and active and segment_started_at is null""").param("id", id).update();
        if (started == 0) {
            throw new RefusedTransition(survey.active() ? "surveys.segment.alreadyStarted" : "surveys.segment.off",
                    survey.active() ? "surveys.state.started" : "surveys.state.off");
        }
        audit.record(AuditAction.UPDATE, "survey", id, survey.name(),
                List.of(new FieldChange("segmentStartedAt", null, Instant.now().toString())));
        return get(id);
    }

    /**
     * Before a segment's survey is started: how many of the segment's members it would ask now, and why the others
     * not — no address, the address suppressed, no consent to surveys given (a segment asks only those who gave it),
     * asked a survey of this kind within the quiet period. The same rules as the invitations, counted in one query.
     */
    public record Reach(long members, long asked, long noAddress, long suppressed, long noConsent, long quiet) {
    }

    @Transactional(readOnly = true)
    public Reach reach(long surveyId) {
        SurveyView survey = get(surveyId);
        if (survey.segmentId() == null) {
            return new Reach(0, 0, 0, 0, 0, 0);
        }
        ContactCondition segment = segments.condition(survey.segmentId());
        return jdbc.sql("""
                with m as (select c.id, nullif(lower(trim(c.emails[1])), '') address from contacts c where %s),
                w as (select m.id,
                             m.address is null or position('@' in m.address) = 0 no_address,
                             exists (select 1 from suppressions x where x.address = m.address) suppressed,
                             exists (select 1 from consent_states cs join consent_purposes p on p.id = cs.purpose_id
                                     where cs.contact_id = m.id and p.key = 'surveys' and cs.channel = 'EMAIL'
                                       and cs.state = 'GIVEN') consent,
                             :quiet > 0 and exists (select 1 from survey_invitations i
                                     join surveys s on s.id = i.survey_id
                                     where s.kind = :kind and i.sent_at > now() - make_interval(days => :quiet)
                                       and (lower(i.address) = m.address or i.contact_id = m.id)) quiet
                      from m)
                select count(*),
                       count(*) filter (where not no_address and not suppressed and consent and not quiet),
                       count(*) filter (where no_address),
                       count(*) filter (where not no_address and suppressed),
                       count(*) filter (where not no_address and not suppressed and not consent),
                       count(*) filter (where not no_address and not suppressed and consent and quiet)
                from w""".formatted(segment.sql())).params(segment.params()).param(ContactCondition.AFTER, 0L)
                .param("quiet", survey.quietDays()).param("kind", survey.kind().name())
                .query((rs, n) -> new Reach(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)))
                .single();
    }

    /**
     * Asks a contact by hand (anybody who writes): once per survey and contact, under the same rules as any other
     * occasion (an address, consent not withdrawn, not suppressed, the quiet period). Answers what came of it: INVITED,
     * or why not.
     */
    @Transactional
    public String invite(long surveyId, long contactId) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "surveys.invite.forbidden");
        }
        SurveyView survey = get(surveyId);
        if (!contacts.exists(contactId)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("contactId", "surveys.contact.unknown")));
        }
        if (!survey.active()) {
            throw new RefusedTransition("surveys.invite.off", "surveys.state.off");
        }
        return invitations.offer(survey, Invitations.Occasion.of("MANUAL", contactId, contactId))
                .map(Enum::name).orElseThrow(() -> KlientException.conflict("surveys.invite.already"));
    }

    /**
     * A satisfaction question asked where the person is (a chat's end, in the widget): the switched-on CSAT survey of
     * {@code trigger} whose only required question is its score, offered for the occasion without an e-mail.
     * Answers the secret {@link #answerInline} takes, or empty when no such survey is on (or it was asked already).
     */
    @Transactional
    public java.util.Optional<String> askInline(SurveyTrigger trigger, String causeKind, long causeId, Long contactId,
            Long companyId, Long agentId, Long teamId, String address, String language) {
        return active(trigger).stream()
                .filter(s -> s.kind() == SurveyKind.CSAT)
                .filter(s -> s.questions().stream().allMatch(q -> !q.required() || q.kind() == QuestionKind.CSAT))
                .findFirst()
                .flatMap(s -> invitations.inline(s, new Invitations.Occasion(causeKind, causeId, contactId, companyId,
                        address, agentId, teamId, null, null), language));
    }

    /** The score (1–5) and comment given where the survey was asked inline, as any answer (timeline, follow-up). */
    @Transactional
    public void answerInline(String token, int score, String comment) {
        Map<String, String> fields = new java.util.HashMap<>();
        fields.put("csat", String.valueOf(score));
        if (comment != null) {
            fields.put("comment", comment);
        }
        answers.getObject().answer(token, fields);
    }

    /** The answers a survey got, newest first. */
    @Transactional(readOnly = true)
    public CountedPage<ResponseView> responses(long surveyId, Pageable page) {
        get(surveyId);
        List<ResponseView> rows = jdbc.sql(RESPONSES + " where r.survey_id = :survey order by r.answered_at desc, "
                + "r.id desc limit :limit offset :offset").param("survey", surveyId)
                .param("limit", page.getPageSize()).param("offset", page.getOffset()).query(this::response).list();
        return CountedPage.of(rows, page, jdbc, "from survey_responses r where r.survey_id = :survey",
                Map.of("survey", surveyId));
    }

    /** One answered survey with every answer, worded in the reader's language. */
    @Transactional(readOnly = true)
    public ResponseView response(long id, Locale reader) {
        ResponseView response = jdbc.sql(RESPONSES + " where r.id = :id").param("id", id).query(this::response)
                .optional().orElseThrow(() -> KlientException.notFound("surveys.response.notFound"));
        String language = reader.getLanguage();
        List<QuestionView> questions = questions(response.surveyId());
        List<ResponseView.Answer> answers = jdbc.sql("""
                select question_id, score, choice, text from survey_answers where response_id = :id""")
                .param("id", id).query((rs, n) -> {
                    long question = rs.getLong(1);
                    QuestionView q = questions.stream().filter(x -> x.id() == question).findFirst().orElseThrow();
                    Integer choice = (Integer) rs.getObject(3, Integer.class);
                    String chosen = choice == null || q.options() == null || choice >= q.options().size() ? null
                            : q.options().get(choice).in(language);
                    return new ResponseView.Answer(question, q.kind(), q.text(language), rs.getObject(2,
                            Integer.class), chosen, rs.getString(4));
                }).list();
        List<ResponseView.Answer> ordered = new ArrayList<>(answers);
        ordered.sort(java.util.Comparator.comparingInt(a -> questions.stream()
                .filter(q -> q.id() == a.questionId()).findFirst().map(QuestionView::position).orElse(0)));
        return new ResponseView(response.id(), response.surveyId(), response.surveyName(), response.kind(),
                response.contactId(), response.contactName(), response.companyId(), response.companyName(),
                response.causeKind(), response.causeId(), response.score(), response.comment(), response.language(),
                response.answeredAt(), response.followUpTaskId(), response.followUpAssignee(),
                response.followUpDone(), List.copyOf(ordered));
    }

    /** The occasions a survey met and what came of each, newest first. */
    @Transactional(readOnly = true)
    public CountedPage<OccasionView> occasions(long surveyId, Pageable page) {
        get(surveyId);
        List<OccasionView> rows = jdbc.sql("""
                select o.id, o.cause_kind, o.cause_id, o.contact_id, concat_ws(' ', c.first_name, c.last_name),
                       o.outcome, i.address, i.language, i.expires_at, i.answered_at, o.at
                from survey_occasions o left join contacts c on c.id = o.contact_id
                left join survey_invitations i on i.id = o.invitation_id
                where o.survey_id = :survey order by o.id desc limit :limit offset :offset""")
                .param("survey", surveyId).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query((rs, n) -> new OccasionView(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getObject(4, Long.class), blank(rs.getString(5)), rs.getString(6), rs.getString(7),
                        rs.getString(8), instant(rs, 9), instant(rs, 10), instant(rs, 11)))
                .list();
        return CountedPage.of(rows, page, jdbc, "from survey_occasions o where o.survey_id = :survey",
                Map.of("survey", surveyId));
    }

    /** The questions of a survey in order. */
    @Transactional(readOnly = true)
    public List<QuestionView> questions(long surveyId) {
        return jdbc.sql("""
                select id, position, kind, text_en, text_pl, text_cs, options::text, required from survey_questions
                where survey_id = :id order by position""").param("id", surveyId).query((rs, n) -> {
                    QuestionKind kind = QuestionKind.valueOf(rs.getString(3));
                    String options = rs.getString(7);
                    List<QuestionForm.Option> choices = null;
                    Integer min = null;
                    Integer max = null;
                    if (options != null && kind == QuestionKind.CHOICE) {
                        choices = JSON.readValue(options, new TypeReference<List<QuestionForm.Option>>() {
                        });
                    }
                    else if (options != null && kind == QuestionKind.SCALE) {
                        Map<String, Integer> range = JSON.readValue(options,
                                new TypeReference<Map<String, Integer>>() {
                                });
                        min = range.get("min");
                        max = range.get("max");
                    }
                    return new QuestionView(rs.getLong(1), rs.getInt(2), kind, rs.getString(4), rs.getString(5),
                            rs.getString(6), choices, min, max, rs.getBoolean(8));
                }).list();
    }

    // ---------------------------------------------------------------- rules of a definition

    /**
     * The form's limits (lengths, day counts, the scale) however it came: the API checks them before, a page's form
     * only here. Each refused on its field with the form's own message.
     */
    private void checkLimits(SurveyForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        for (ConstraintViolation<SurveyForm> violation : validator.validate(form)) {
            String template = violation.getMessageTemplate();
            errors.add(violation.getPropertyPath().toString(), template.startsWith("{") && template.endsWith("}")
                    ? template.substring(1, template.length() - 1) : "error.invalid");
        }
        errors.throwIfAny();
    }

    private void checkName(String name, Long except) {
        boolean taken = jdbc.sql("select exists (select 1 from surveys where lower(name) = lower(:name) and id <> :id)")
                .param("name", name).param("id", except == null ? -1L : except).query(Boolean.class).single();
        if (taken) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("name", "surveys.name.taken")));
        }
    }

    private void checkSegment(SurveyTrigger trigger, Long segmentId) {
        if (trigger == SurveyTrigger.SEGMENT && (segmentId == null || segments.name(segmentId).isEmpty())) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("segmentId", "surveys.segment.required")));
        }
    }

    /**
     * The questions to keep: the kind's score question first (in the standard wording where none is given), then the
     * others in the order given. Each score at most once; a custom survey asks at least one question.
     */
    private List<QuestionForm> questions(SurveyKind kind, List<QuestionForm> given) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        List<QuestionForm> asked = given == null ? List.of() : given;
        List<QuestionForm> kept = new ArrayList<>();
        QuestionKind score = kind.scoreQuestion();
        Set<QuestionKind> scores = EnumSet.noneOf(QuestionKind.class);
        QuestionForm own = null;
        for (int i = 0; i < asked.size(); i++) {
            QuestionForm q = asked.get(i);
            String field = "questions[" + i + "]";
            if (q == null || q.kind() == null) {
                errors.add(field + ".kind", "surveys.question.kind");
                continue;
            }
            if (q.kind().isScore() && !scores.add(q.kind())) {
                errors.add(field + ".kind", "surveys.question.twice");
                continue;
            }
            if (!q.kind().isScore() && (q.textEn() == null || q.textEn().isBlank())) {
                errors.add(field + ".textEn", "surveys.question.text");
            }
            if (q.kind() == QuestionKind.CHOICE) {
                if (q.options() == null || q.options().size() < 2 || q.options().stream()
                        .anyMatch(o -> o == null || o.en() == null || o.en().isBlank())) {
                    errors.add(field + ".options", "surveys.question.options");
                }
            }
            if (q.kind() == QuestionKind.SCALE) {
                if (q.min() == null || q.max() == null || q.min() >= q.max()) {
                    errors.add(field + ".max", "surveys.question.scale");
                }
            }
            QuestionForm worded = q.kind().isScore() ? standard(q) : q;
            if (q.kind() == score) {
                own = worded;
            }
            else {
                kept.add(worded);
            }
        }
        if (score != null) {
            kept.add(0, own != null ? own : standard(new QuestionForm(score, null, null, null, null, null, null,
                    true)));
        }
        if (kept.isEmpty()) {
            errors.add("questions", "surveys.question.none");
        }
        errors.throwIfAny();
        return kept;
    }

    /** A score question worded as given, or in the standard wording of each language left out. */
    private QuestionForm standard(QuestionForm q) {
        String key = "surveys.question." + q.kind().name();
        return new QuestionForm(q.kind(), or(q.textEn(), key, "en"), or(q.textPl(), key, "pl"),
                or(q.textCs(), key, "cs"), null, null, null, q.required());
    }

    private String or(String text, String key, String language) {
        return text != null && !text.isBlank() ? text.strip()
                : messages.getMessage(key, null, Locale.forLanguageTag(language));
    }

    private void writeQuestions(long surveyId, List<QuestionForm> questions) {
        for (int i = 0; i < questions.size(); i++) {
            QuestionForm q = questions.get(i);
            jdbc.sql("""
                    insert into survey_questions (survey_id, position, kind, text_en, text_pl, text_cs, options,
                        required)
                    values (:survey, :position, :kind, :en, :pl, :cs, cast(:options as jsonb), :required)""")
                    .param("survey", surveyId).param("position", i).param("kind", q.kind().name())
                    .param("en", q.textEn().strip()).param("pl", trimmed(q.textPl()))
                    .param("cs", trimmed(q.textCs())).param("options", options(q))
                    // the survey's own score is what it is for; the others are optional unless said otherwise
                    .param("required", i == 0 && q.kind().isScore() ? !Boolean.FALSE.equals(q.required())
                            : Boolean.TRUE.equals(q.required()))
                    .update();
        }
    }

    /** After the first invitation: the same questions in the same order, reworded. */
    private void reword(SurveyView current, List<QuestionForm> questions) {
        List<QuestionView> asked = current.questions();
        boolean same = asked.size() == questions.size();
        for (int i = 0; same && i < asked.size(); i++) {
            QuestionView was = asked.get(i);
            QuestionForm now = questions.get(i);
            same = was.kind() == now.kind()
                    && (was.kind() != QuestionKind.CHOICE || was.options().size() == now.options().size())
                    && (was.kind() != QuestionKind.SCALE || (was.min().equals(now.min()) && was.max().equals(now.max())));
        }
        if (!same) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("questions", "surveys.questions.fixed")));
        }
        for (int i = 0; i < asked.size(); i++) {
            QuestionForm q = questions.get(i);
            jdbc.sql("""
                    update survey_questions set text_en = :en, text_pl = :pl, text_cs = :cs,
                        options = cast(:options as jsonb)
                    where id = :id""").param("en", q.textEn().strip()).param("pl", trimmed(q.textPl()))
                    .param("cs", trimmed(q.textCs())).param("options", options(q)).param("id", asked.get(i).id())
                    .update();
        }
    }

    private static String options(QuestionForm q) {
        return switch (q.kind()) {
            case CHOICE -> JSON.writeValueAsString(q.options().stream().map(o -> new QuestionForm.Option(o.en().strip(),
                    trimmed(o.pl()), trimmed(o.cs()))).toList());
            case SCALE -> JSON.writeValueAsString(Map.of("min", q.min(), "max", q.max()));
            default -> null;
        };
    }

    private static QuestionForm form(QuestionView q) {
        return new QuestionForm(q.kind(), q.textEn(), q.textPl(), q.textCs(), q.options(), q.min(), q.max(),
                q.required());
    }

    private static String trimmed(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    // ---------------------------------------------------------------- reading

    private static final String SELECT = """
            select s.*, g.name as segment_name,
                   (select count(*) from survey_invitations i where i.survey_id = s.id) as invited,
                   (select count(*) from survey_responses r where r.survey_id = s.id) as answered
            from surveys s left join segments g on g.id = s.segment_id""";

    private SurveyView view(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        return new SurveyView(id, rs.getString("name"), SurveyKind.valueOf(rs.getString("kind")),
                SurveyTrigger.valueOf(rs.getString("trigger")), rs.getInt("delay_days"),
                rs.getObject("segment_id", Long.class), rs.getString("segment_name"), rs.getInt("quiet_days"),
                rs.getInt("valid_days"), rs.getBoolean("active"), questions(id), rs.getLong("invited"),
                rs.getLong("answered"), instant(rs, rs.findColumn("segment_started_at")),
                instant(rs, rs.findColumn("segment_done_at")), instant(rs, rs.findColumn("created_at")),
                rs.getInt("version"));
    }

    private static final String RESPONSES = """
            select r.id, r.survey_id, s.name, r.kind, r.contact_id, concat_ws(' ', c.first_name, c.last_name),
                   r.company_id, co.name, i.cause_kind, i.cause_id, r.score, r.comment, r.language, r.answered_at,
                   r.follow_up_task_id, u.name, t.done
            from survey_responses r join surveys s on s.id = r.survey_id
            join survey_invitations i on i.id = r.invitation_id
            left join contacts c on c.id = r.contact_id left join companies co on co.id = r.company_id
            left join tasks t on t.id = r.follow_up_task_id left join users u on u.id = t.assignee_id""";

    private ResponseView response(ResultSet rs, int n) throws SQLException {
        return new ResponseView(rs.getLong(1), rs.getLong(2), rs.getString(3), SurveyKind.valueOf(rs.getString(4)),
                rs.getObject(5, Long.class), blank(rs.getString(6)), rs.getObject(7, Long.class), rs.getString(8),
                rs.getString(9), rs.getObject(10, Long.class), rs.getObject(11, Integer.class), rs.getString(12),
                rs.getString(13), instant(rs, 14), rs.getObject(15, Long.class), rs.getString(16),
                rs.getObject(17, Boolean.class), List.of());
    }
}
