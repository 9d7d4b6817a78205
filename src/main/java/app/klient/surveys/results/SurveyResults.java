package app.klient.surveys.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.ContactCondition;
import app.klient.customers.ContactSegments;
import app.klient.platform.KlientException;
import app.klient.platform.Period;
import app.klient.platform.Period.Granularity;
import app.klient.platform.db.LongReads;
import app.klient.platform.web.CountedPage;
import app.klient.surveys.QuestionKind;
import app.klient.surveys.QuestionView;
import app.klient.surveys.SurveyView;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Survey results: a score ({@link ResultKind}) over the answers a {@link ResultFilter} picks, its trend, the response
 * rate, the same per survey, team, agent and product, and the answers themselves (the drill-down and the searchable
 * verbatims). Everything is read from the answers as they are, so a result is never stale.
 */
@Service
public class SurveyResults {

    /** The most rows one breakdown shows (the biggest first). */
    public static final int BREAKDOWN_ROWS = 50;
    public static final int MAX_TEXT = 200;
    static final int ON_CARD = 10;

    private final JdbcClient jdbc;
    private final ContactSegments segments;

    SurveyResults(JdbcClient jdbc, ContactSegments segments) {
        this.jdbc = jdbc;
        this.segments = segments;
    }

    /** The headline score, the response rate, the trend and the breakdowns of one filter. */
    public record Results(ResultFilter filter, Score score, Rate rate, Granularity granularity, List<Point> trend,
            List<Row> bySurvey, List<Row> byTeam, List<Row> byAgent, List<Row> byProduct) {
    }

    /**
     * Invitations sent within the period (and the filter) and how many of them were answered, whenever;
     * {@code percent} = answered ÷ invited × 100 to one decimal, null when nobody was invited.
     */
    public record Rate(long invited, long answered, BigDecimal percent) {

        static Rate of(long invited, long answered) {
            return new Rate(invited, answered, invited == 0 ? null
                    : BigDecimal.valueOf(answered * 100).divide(BigDecimal.valueOf(invited), 1, RoundingMode.HALF_UP));
        }
    }

    /** The score of the answers given from {@code start} until the next point. */
    public record Point(LocalDate start, Score score) {
    }

    /** One survey, team, agent or product ({@code id} null: answers without a team or agent) and its figures. */
    public record Row(Long id, String name, Score score, Rate rate) {
    }

    /**
     * Everything the results page shows, in four reads whatever the filter: the answers once (the whole, each
     * period, survey, team and agent as grouping sets), the invitations once, and both once more per product.
     */
    @Transactional(readOnly = true)
    public Results results(ResultFilter filter, ZoneId zone, Locale locale) {
        limitTime();
        ResultKind kind = filter.kind();
        Granularity granularity = new Period(filter.from(), filter.to()).granularity();
        Where answers = answers(filter, zone);
        Score score = Score.none(kind);
        Map<LocalDate, Score> periods = new HashMap<>();
        Map<Dimension, Map<Long, Score>> scores = new java.util.EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            scores.put(d, new LinkedHashMap<>());
        }
        // grouping() is a bit mask of the columns not grouped by: 15 the whole, 7 a period, 11 a survey, 13 a team,
        // 14 an agent
        List<Object[]> sets = jdbc.sql("select grouping(r.period, r.survey_id, r.team_id, r.agent_id), r.period,"
                + " r.survey_id, r.team_id, r.agent_id, " + SCORE + " from (select cast(date_trunc('"
                + granularity.name().toLowerCase(Locale.ROOT) + "', r.answered_at at time zone :rZone) as date) period,"
                + " r.survey_id, r.team_id, r.agent_id, r.score from " + answers.from() + " r where " + answers.sql()
                + ") r group by grouping sets ((), (r.period), (r.survey_id), (r.team_id), (r.agent_id))")
                .params(answers.params())
                .query((rs, n) -> new Object[] { rs.getInt(1), rs.getObject(2, LocalDate.class),
                    rs.getObject(3), rs.getObject(4), rs.getObject(5), score(kind, rs, 6) })
                .list();
        for (Object[] set : sets) {
            Score s = (Score) set[5];
            switch ((Integer) set[0]) {
                case 15 -> score = s;
                case 7 -> periods.put((LocalDate) set[1], s);
                case 11 -> scores.get(Dimension.SURVEY).put((Long) set[2], s);
                case 13 -> scores.get(Dimension.TEAM).put((Long) set[3], s);
                case 14 -> scores.get(Dimension.AGENT).put((Long) set[4], s);
                default -> throw new IllegalStateException("grouping " + set[0]);
            }
        }
        Where invited = invitations(filter, zone);
        Map<Dimension, Map<Long, Rate>> rates = new java.util.EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            rates.put(d, new HashMap<>());
        }
        Rate[] rate = { Rate.of(0, 0) };
        // 7 the whole, 3 a survey, 5 a team, 6 an agent
        jdbc.sql("select grouping(i.survey_id, i.team_id, i.agent_id), i.survey_id, i.team_id, i.agent_id, count(*),"
                + " count(i.answered_at) from " + invited.from() + " i where " + invited.sql()
                + " group by grouping sets ((), (i.survey_id), (i.team_id), (i.agent_id))")
                .params(invited.params())
                .query(rs -> {
                    Rate r = Rate.of(rs.getLong(5), rs.getLong(6));
                    switch (rs.getInt(1)) {
                        case 7 -> rate[0] = r;
                        case 3 -> rates.get(Dimension.SURVEY).put((Long) rs.getObject(2), r);
                        case 5 -> rates.get(Dimension.TEAM).put((Long) rs.getObject(3), r);
                        case 6 -> rates.get(Dimension.AGENT).put((Long) rs.getObject(4), r);
                        default -> throw new IllegalStateException("grouping " + rs.getInt(1));
                    }
                });
        Map<Long, String> productNames = new HashMap<>();
        jdbc.sql("select ip.product_id, coalesce(case :rLanguage when 'pl' then p.name_pl when 'cs' then p.name_cs"
                + " end, p.name), " + SCORE + " from " + answers.from() + " r join survey_invitation_products ip"
                + " on ip.invitation_id = r.invitation_id join products p on p.id = ip.product_id where "
                + answers.sql() + " group by 1, 2").params(answers.params())
                .param("rLanguage", locale.getLanguage())
                .query(rs -> {
                    productNames.put(rs.getLong(1), rs.getString(2));
                    scores.get(Dimension.PRODUCT).put(rs.getLong(1), score(kind, rs, 3));
                });
        jdbc.sql("select ip.product_id, count(*), count(i.answered_at) from " + invited.from() + " i"
                + " join survey_invitation_products ip on ip.invitation_id = i.id where " + invited.sql()
                + " group by 1").params(invited.params())
                .query(rs -> {
                    rates.get(Dimension.PRODUCT).put(rs.getLong(1), Rate.of(rs.getLong(2), rs.getLong(3)));
                });
        List<Point> trend = new ArrayList<>();
        for (LocalDate start = granularity.start(filter.from()); !start.isAfter(filter.to());
                start = granularity.next(start)) {
            trend.add(new Point(start, periods.getOrDefault(start, Score.none(kind))));
        }
        return new Results(filter, score, rate[0], granularity, trend,
                rows(scores.get(Dimension.SURVEY), rates.get(Dimension.SURVEY), names("surveys", scores.get(Dimension.SURVEY))),
                rows(scores.get(Dimension.TEAM), rates.get(Dimension.TEAM), names("teams", scores.get(Dimension.TEAM))),
                rows(scores.get(Dimension.AGENT), rates.get(Dimension.AGENT), names("users", scores.get(Dimension.AGENT))),
                rows(scores.get(Dimension.PRODUCT), rates.get(Dimension.PRODUCT), productNames));
    }

    /** Only the headline score (what the dashboards read). */
    @Transactional(readOnly = true)
    public Score score(ResultFilter filter, ZoneId zone) {
        limitTime();
        Where answers = answers(filter, zone);
        return jdbc.sql("select " + SCORE + " from " + answers.from() + " r where " + answers.sql())
                .params(answers.params()).query((rs, n) -> score(filter.kind(), rs, 1)).single();
    }

    /** What a breakdown groups by. */
    private enum Dimension {
        SURVEY, TEAM, AGENT, PRODUCT
    }

    /** The biggest rows first (most answers), then by name; those without a team or agent last among equals. */
    private static List<Row> rows(Map<Long, Score> scores, Map<Long, Rate> rates, Map<Long, String> names) {
        return scores.entrySet().stream()
                .map(e -> new Row(e.getKey(), e.getKey() == null ? null : names.get(e.getKey()), e.getValue(),
                        rates.getOrDefault(e.getKey(), Rate.of(0, 0))))
                .sorted(java.util.Comparator.comparingLong((Row r) -> -r.score().responses())
                        .thenComparing(r -> r.name() == null ? "\uffff" : r.name().toLowerCase(Locale.ROOT)))
                .limit(BREAKDOWN_ROWS).toList();
    }

    /** The names of the surveys, teams or users with these ids. */
    private Map<Long, String> names(String table, Map<Long, Score> ids) {
        Map<Long, String> names = new HashMap<>();
        Long[] wanted = ids.keySet().stream().filter(java.util.Objects::nonNull).toArray(Long[]::new);
        if (wanted.length > 0) {
            jdbc.sql("select id, name from " + table + " where id = any(cast(:ids as bigint[]))")
                    .param("ids", wanted)
                    .query(rs -> {
                        names.put(rs.getLong(1), rs.getString(2));
                    });
        }
        return names;
    }

    // ------------------------------------------------------------------ per question

    /**
     * One question's answers: how many answered it; for a score, scale or choice how many gave each value (in
     * order, every value of the range or every option, also those nobody chose) and the mean of a score or scale;
     * for free text the newest few texts.
     */
    public record QuestionResult(QuestionView question, long answered, List<ValueCount> values, BigDecimal mean,
            List<String> newestTexts) {
    }

    /** One value of a question's range or one of its options, and how many answers gave it. */
    public record ValueCount(String label, long count) {
    }

    static final int NEWEST_TEXTS = 3;

    /** Every question of a survey with its answers so far, labels in the reader's language. */
    @Transactional(readOnly = true)
    public List<QuestionResult> perQuestion(SurveyView survey, Locale locale) {
        Map<Long, Map<Integer, Long>> counts = new HashMap<>();
        Map<Long, Long> texts = new HashMap<>();
        jdbc.sql("""
                select a.question_id, coalesce(a.score, a.choice), count(*) filter (where a.score is not null
                       or a.choice is not null), count(*) filter (where a.text is not null and a.text <> '')
                from survey_answers a join survey_questions q on q.id = a.question_id
                where q.survey_id = :survey group by 1, 2""").param("survey", survey.id())
                .query(rs -> {
                    long question = rs.getLong(1);
                    Integer value = rs.getObject(2, Integer.class);
                    if (value != null) {
                        counts.computeIfAbsent(question, k -> new HashMap<>()).merge(value, rs.getLong(3), Long::sum);
                    }
                    texts.merge(question, rs.getLong(4), Long::sum);
                });
        Map<Long, List<String>> newest = new HashMap<>();
        jdbc.sql("""
                select question_id, text from (
                    select a.question_id, a.text, row_number() over (partition by a.question_id
                                                                     order by r.answered_at desc, r.id desc) n
                    from survey_answers a join survey_questions q on q.id = a.question_id
                    join survey_responses r on r.id = a.response_id
                    where q.survey_id = :survey and q.kind = 'TEXT' and a.text is not null and a.text <> '') t
                where n <= :newest order by question_id, n""").param("survey", survey.id())
                .param("newest", NEWEST_TEXTS)
                .query(rs -> {
                    newest.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        String language = locale.getLanguage();
        List<QuestionResult> results = new ArrayList<>();
        for (QuestionView q : survey.questions()) {
            Map<Integer, Long> given = counts.getOrDefault(q.id(), Map.of());
            List<ValueCount> values = new ArrayList<>();
            BigDecimal mean = null;
            long answered;
            if (q.kind() == QuestionKind.TEXT) {
                answered = texts.getOrDefault(q.id(), 0L);
            }
            else if (q.kind() == QuestionKind.CHOICE) {
                for (int i = 0; q.options() != null && i < q.options().size(); i++) {
                    values.add(new ValueCount(q.options().get(i).in(language), given.getOrDefault(i, 0L)));
                }
                answered = values.stream().mapToLong(ValueCount::count).sum();
            }
            else {
                long sum = 0;
                answered = 0;
                for (int v = q.low(); v <= q.high(); v++) {
                    long n = given.getOrDefault(v, 0L);
                    values.add(new ValueCount(Integer.toString(v), n));
                    sum += n * v;
                    answered += n;
                }
                mean = answered == 0 ? null
                        : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(answered), 1, RoundingMode.HALF_UP);
            }
            results.add(new QuestionResult(q, answered, values, mean, newest.getOrDefault(q.id(), List.of())));
        }
        return results;
    }

    // ------------------------------------------------------------------ the answers themselves

    /**
     * Which answers a list shows: a result's filter (its kind may be null: every kind, also custom surveys; its
     * period may be open at either end), a band of the kind's scale, words the comment or a text answer contains,
     * a contact or company, only answers with a comment.
     */
    public record ResponseQuery(ResultKind kind, LocalDate from, LocalDate to, Long surveyId, Long segmentId,
            Long teamId, Long agentId, Long productId, ScoreBand band, String text, Long contactId, Long companyId,
            boolean commented) {

        public static ResponseQuery of(ResultFilter filter) {
            return new ResponseQuery(filter.kind(), filter.from(), filter.to(), filter.surveyId(), filter.segmentId(),
                    filter.teamId(), filter.agentId(), filter.productId(), null, null, null, null, false);
        }

        public static ResponseQuery ofContact(long contactId) {
            return new ResponseQuery(null, null, null, null, null, null, null, null, null, null, contactId, null,
                    false);
        }

        public static ResponseQuery ofCompany(long companyId) {
            return new ResponseQuery(null, null, null, null, null, null, null, null, null, null, null, companyId,
                    false);
        }
    }

    /** One answered survey: its score and band (null for a custom survey), the comment, who and what it was about. */
    public record ResponseRow(long id, long surveyId, String surveyName, String kind, Integer score, ScoreBand band,
            String comment, String language, java.time.Instant answeredAt, Long contactId, String contactName,
            Long companyId, String companyName, Long agentId, String agentName, Long teamId, String teamName,
            Long followUpTaskId, Boolean followUpDone) {
    }

    /** A response with every question's answer in the reader's language and what the invitation was sent for. */
    public record ResponseDetail(ResponseRow response, String address, java.time.Instant sentAt, String causeKind,
            Long causeId, List<Answer> answers) {
    }

    /** A question and its answer: a score, a choice (its wording) or a text. */
    public record Answer(int position, String questionKind, String question, Integer score, String choice,
            String text) {
    }

    /** A customer's answers on their card: the latest NPS answer and the most recent answers. */
    public record OnCard(ResponseRow latestNps, List<ResponseRow> recent, long total) {
    }

    private static final String ROW_COLUMNS = """
            r.id, r.survey_id, s.name, r.kind, r.score, r.comment, r.language, r.answered_at, r.contact_id,
            nullif(trim(concat_ws(' ', c.first_name, c.last_name)), ''), r.company_id, co.name, r.agent_id, u.name,
            r.team_id, t.name, r.follow_up_task_id, tk.done""";

    private static final String ROW_JOINS = """
            from survey_responses r join surveys s on s.id = r.survey_id
            left join contacts c on c.id = r.contact_id left join companies co on co.id = r.company_id
            left join users u on u.id = r.agent_id left join teams t on t.id = r.team_id
            left join tasks tk on tk.id = r.follow_up_task_id""";

    @Transactional(readOnly = true)
    public CountedPage<ResponseRow> responses(ResponseQuery query, ZoneId zone, Pageable page) {
        if (query.band() != null && query.kind() == null) {
            throw KlientException.invalid("surveyResults.band.needsKind");
        }
        if (query.text() != null && query.text().length() > MAX_TEXT) {
            throw KlientException.invalid("surveyResults.text.tooLong", MAX_TEXT);
        }
        limitTime();
        Where where = responseWhere(query, zone);
        String fromAndWhere = "from " + where.from() + " r where " + where.sql();
        // answers of one kind show that kind's score: a CSAT survey's response listed under CES shows its CES answer
        String columns = query.kind() == null ? ROW_COLUMNS : ROW_COLUMNS.replace("r.kind, r.score,",
                "cast(:rKind as varchar), " + (askedElsewhere(query.kind())
                        ? "(select x.score from survey_scores x where x.id = r.id and x.kind = :rKind),"
                        : "r.score,"));
        List<ResponseRow> rows = jdbc.sql("select " + columns + " " + ROW_JOINS + " where " + where.sql()
                + " order by r.answered_at desc, r.id desc limit :rLimit offset :rOffset").params(where.params())
                .param("rLimit", page.getPageSize()).param("rOffset", page.getOffset())
                .query(SurveyResults::row).list();
        return CountedPage.of(rows, page, jdbc, fromAndWhere, where.params());
    }

    @Transactional(readOnly = true)
    public ResponseDetail response(long id, Locale locale) {
        ResponseRow row = jdbc.sql("select " + ROW_COLUMNS + " " + ROW_JOINS + " where r.id = :id").param("id", id)
                .query(SurveyResults::row).optional()
                .orElseThrow(() -> KlientException.notFound("surveyResults.response.notFound"));
        record Sent(String address, java.time.Instant at, String causeKind, Long causeId) {
        }
        Sent sent = jdbc.sql("""
                select i.address, i.sent_at, i.cause_kind, i.cause_id from survey_invitations i
                join survey_responses r on r.invitation_id = i.id where r.id = :id""").param("id", id)
                .query((rs, n) -> new Sent(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        (Long) rs.getObject(4)))
                .single();
        List<Answer> answers = jdbc.sql("""
                select q.position, q.kind, coalesce(case :lang when 'pl' then q.text_pl when 'cs' then q.text_cs end,
                       q.text_en),
                       a.score, case when a.choice is not null and jsonb_typeof(q.options) = 'array' then
                           coalesce(q.options -> cast(a.choice as int) ->> :lang,
                                    q.options -> cast(a.choice as int) ->> 'en') end,
                       a.text
                from survey_answers a join survey_questions q on q.id = a.question_id
                where a.response_id = :id order by q.position""").param("id", id)
                .param("lang", locale.getLanguage())
                .query((rs, n) -> new Answer(rs.getInt(1), rs.getString(2), rs.getString(3),
                        (Integer) rs.getObject(4, Integer.class), rs.getString(5), rs.getString(6)))
                .list();
        return new ResponseDetail(row, sent.address(), sent.at(), sent.causeKind(), sent.causeId(), answers);
    }

    @Transactional(readOnly = true)
    public Optional<OnCard> ofContact(long contactId) {
        return onCard("r.contact_id = :owner", contactId);
    }

    @Transactional(readOnly = true)
    public Optional<OnCard> ofCompany(long companyId) {
        return onCard("r.company_id = :owner", companyId);
    }

    private Optional<OnCard> onCard(String owner, long id) {
        List<ResponseRow> recent = jdbc.sql("select " + ROW_COLUMNS + " " + ROW_JOINS + " where " + owner
                + " order by r.answered_at desc, r.id desc limit " + ON_CARD).param("owner", id)
                .query(SurveyResults::row).list();
        if (recent.isEmpty()) {
            return Optional.empty();
        }
        ResponseRow nps = jdbc.sql("select " + ROW_COLUMNS + " " + ROW_JOINS + " where " + owner
                + " and r.kind = 'NPS' order by r.answered_at desc, r.id desc limit 1").param("owner", id)
                .query(SurveyResults::row).optional().orElse(null);
        long total = recent.size() < ON_CARD ? recent.size()
                : jdbc.sql("select count(*) from survey_responses r where " + owner).param("owner", id)
                        .query(Long.class).single();
        return Optional.of(new OnCard(nps, recent, total));
    }

    private static ResponseRow row(ResultSet rs, int n) throws SQLException {
        String kind = rs.getString(4);
        Integer score = rs.getObject(5, Integer.class);
        ResultKind scored = ResultKind.parse(kind);
        return new ResponseRow(rs.getLong(1), rs.getLong(2), rs.getString(3), kind, score,
                score == null || scored == null ? null : scored.band(score), rs.getString(6), rs.getString(7),
                rs.getTimestamp(8).toInstant(), (Long) rs.getObject(9), rs.getString(10), (Long) rs.getObject(11),
                rs.getString(12), (Long) rs.getObject(13), rs.getString(14), (Long) rs.getObject(15),
                rs.getString(16), (Long) rs.getObject(17), (Boolean) rs.getObject(18));
    }

    // ------------------------------------------------------------------ conditions

    private static final String SCORE = """
            count(*), count(*) filter (where r.score <= :rLow), count(*) filter (where r.score >= :rHigh),
            coalesce(sum(r.score), 0)""";

    private static Score score(ResultKind kind, ResultSet rs, int first) throws SQLException {
        return Score.of(kind, rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2),
                rs.getLong(first + 3));
    }

    private record Where(String from, String sql, Map<String, Object> params) {
    }

    /**
     * Whether a survey of another kind asks the kind's question (a CES question in a CSAT survey): only then must the
     * answers be read through {@code survey_scores}, which adds those answers to the surveys' own scores. Usually no
     * survey does, and the responses table alone is read, which PostgreSQL does in parallel and twice as fast.
     */
    private boolean askedElsewhere(ResultKind kind) {
        return jdbc.sql("select exists (select 1 from survey_questions q join surveys s on s.id = q.survey_id"
                + " where q.kind = :kind and s.kind <> q.kind)").param("kind", kind.name()).query(Boolean.class)
                .single();
    }

    /** Where the scores of a kind are read from, as {@code r}: see {@link #askedElsewhere}. */
    private String scores(ResultKind kind) {
        return askedElsewhere(kind) ? "survey_scores"
                : "(select * from survey_responses where score is not null and kind = '" + kind.name() + "')";
    }

    /**
     * The answers of a result: its kind, answered within its days: the score of every survey of the kind and the answer
     * to the kind's question in a survey of another kind.
     */
    private Where answers(ResultFilter filter, ZoneId zone) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("r.kind = :rKind and r.answered_at >= :rFrom and r.answered_at < :rTo");
        period(filter.kind(), filter.from(), filter.to(), zone, params);
        common(sql, params, "r", "r.invitation_id", filter.surveyId(), filter.segmentId(), filter.teamId(),
                filter.agentId(), filter.productId());
        return new Where(scores(filter.kind()), sql.toString(), params);
    }

    /** The invitations of a result: of a survey asking its kind (as its score or another question), sent in its days. */
    private Where invitations(ResultFilter filter, ZoneId zone) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("i.survey_id in (select s.id from surveys s where s.kind = :rKind"
                + " union select q.survey_id from survey_questions q where q.kind = :rKind)"
                + " and i.sent_at >= :rFrom and i.sent_at < :rTo");
        period(filter.kind(), filter.from(), filter.to(), zone, params);
        common(sql, params, "i", "i.id", filter.surveyId(), filter.segmentId(), filter.teamId(), filter.agentId(),
                filter.productId());
        return new Where("survey_invitations", sql.toString(), params);
    }

    private Where responseWhere(ResponseQuery query, ZoneId zone) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("true");
        if (query.kind() != null) {
            // a response of any survey that asked the kind: its own score or the answer to the kind's question
            boolean elsewhere = askedElsewhere(query.kind());
            String x = elsewhere ? "x" : "r";
            sql.append(elsewhere ? " and r.id in (select x.id from survey_scores x where x.kind = :rKind"
                    : " and r.kind = :rKind and r.score is not null");
            params.put("rKind", query.kind().name());
            if (query.band() != null) {
                sql.append(" and ").append(x).append(".score between :rBandFrom and :rBandTo");
                params.put("rBandFrom", query.kind().from(query.band()));
                params.put("rBandTo", query.kind().to(query.band()));
            }
            if (elsewhere) {
                sql.append(')');
            }
        }
        if (query.from() != null) {
            sql.append(" and r.answered_at >= :rFrom");
            params.put("rFrom", Timestamp.from(query.from().atStartOfDay(zone).toInstant()));
        }
        if (query.to() != null) {
            sql.append(" and r.answered_at < :rTo");
            params.put("rTo", Timestamp.from(query.to().plusDays(1).atStartOfDay(zone).toInstant()));
        }
        if (query.contactId() != null) {
            sql.append(" and r.contact_id = :rContact");
            params.put("rContact", query.contactId());
        }
        if (query.companyId() != null) {
            sql.append(" and r.company_id = :rCompany");
            params.put("rCompany", query.companyId());
        }
        if (query.commented()) {
            sql.append(" and r.comment is not null and r.comment <> ''");
        }
        if (query.text() != null && !query.text().isBlank()) {
            // English words by their stem, Polish and Czech ones whole, and any fragment of three letters or more;
            // a union of what each index finds (an OR across the two tables would read every answer)
            sql.append(" and r.id in (select t.id from survey_responses t"
                    + " where t.search @@ websearch_to_tsquery('english', :rText)"
                    + " or t.search @@ websearch_to_tsquery('simple', :rText)"
                    + " or (t.comment is not null and lower(t.comment) like :rLike escape '\\')"
                    + " union select sa.response_id from survey_answers sa"
                    + " where sa.text is not null and lower(sa.text) like :rLike escape '\\')");
            String text = query.text().strip();
            params.put("rText", text);
            params.put("rLike", "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
        }
        common(sql, params, "r", "r.invitation_id", query.surveyId(), query.segmentId(), query.teamId(),
                query.agentId(), query.productId());
        return new Where("survey_responses", sql.toString(), params);
    }

    private static void period(ResultKind kind, LocalDate from, LocalDate to, ZoneId zone,
            Map<String, Object> params) {
        params.put("rKind", kind.name());
        params.put("rLow", kind.lowUpTo());
        params.put("rHigh", kind.highFrom());
        params.put("rFrom", Timestamp.from(from.atStartOfDay(zone).toInstant()));
        params.put("rTo", Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()));
        params.put("rZone", zone.getId());
    }

    private void common(StringBuilder sql, Map<String, Object> params, String alias, String invitation,
            Long surveyId, Long segmentId, Long teamId, Long agentId, Long productId) {
        if (surveyId != null) {
            sql.append(" and ").append(alias).append(".survey_id = :rSurvey");
            params.put("rSurvey", surveyId);
        }
        if (teamId != null) {
            sql.append(" and ").append(alias).append(".team_id = :rTeam");
            params.put("rTeam", teamId);
        }
        if (agentId != null) {
            sql.append(" and ").append(alias).append(".agent_id = :rAgent");
            params.put("rAgent", agentId);
        }
        if (productId != null) {
            sql.append(" and exists (select 1 from survey_invitation_products ip where ip.invitation_id = ")
                    .append(invitation).append(" and ip.product_id = :rProduct)");
            params.put("rProduct", productId);
        }
        if (segmentId != null) {
            ContactCondition segment = segments.condition(segmentId);
            sql.append(" and ").append(alias).append(".contact_id in (select c.id from contacts c where ")
                    .append(segment.sql()).append(')');
            params.putAll(segment.params());
        }
    }

    /** A result over years of answers is one query; one that cannot finish in time answers an error, not a hang. */
    private void limitTime() {
        LongReads.limit(jdbc, Duration.ofSeconds(30));
    }
}
