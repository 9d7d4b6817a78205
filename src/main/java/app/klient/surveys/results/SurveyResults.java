package app.klient.surveys.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
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
import app.klient.platform.web.CountedPage;
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

    /** How the trend is cut: by day up to 45 days, by week up to 200, else by month. */
    public enum Granularity {
        DAY, WEEK, MONTH;

        static Granularity of(LocalDate from, LocalDate to) {
            long days = ChronoUnit.DAYS.between(from, to) + 1;
            return days <= 45 ? DAY : days <= 200 ? WEEK : MONTH;
        }

        LocalDate start(LocalDate day) {
            return switch (this) {
                case DAY -> day;
                case WEEK -> day.with(DayOfWeek.MONDAY);
                case MONTH -> day.withDayOfMonth(1);
            };
        }

        LocalDate next(LocalDate start) {
            return switch (this) {
                case DAY -> start.plusDays(1);
                case WEEK -> start.plusWeeks(1);
                case MONTH -> start.plusMonths(1);
            };
        }
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

    @Transactional(readOnly = true)
    public Results results(ResultFilter filter, ZoneId zone, Locale locale) {
        limitTime();
        Where answers = answers(filter, zone);
        Score score = jdbc.sql("select " + SCORE + " from survey_responses r where " + answers.sql())
                .params(answers.params()).query((rs, n) -> score(filter.kind(), rs, 1)).single();
        Where invited = invitations(filter, zone);
        Rate rate = jdbc.sql("select count(*), count(i.answered_at) from survey_invitations i where " + invited.sql())
                .params(invited.params()).query((rs, n) -> Rate.of(rs.getLong(1), rs.getLong(2))).single();
        Granularity granularity = Granularity.of(filter.from(), filter.to());
        return new Results(filter, score, rate, granularity, trend(filter, granularity, answers),
                breakdown(filter, zone, Dimension.SURVEY, locale), breakdown(filter, zone, Dimension.TEAM, locale),
                breakdown(filter, zone, Dimension.AGENT, locale), breakdown(filter, zone, Dimension.PRODUCT, locale));
    }

    /** Only the headline score (what the benchmark and the dashboards read). */
    @Transactional(readOnly = true)
    public Score score(ResultFilter filter, ZoneId zone) {
        limitTime();
        Where answers = answers(filter, zone);
        return jdbc.sql("select " + SCORE + " from survey_responses r where " + answers.sql())
                .params(answers.params()).query((rs, n) -> score(filter.kind(), rs, 1)).single();
    }

    private List<Point> trend(ResultFilter filter, Granularity granularity, Where answers) {
        Map<LocalDate, Score> found = new HashMap<>();
        jdbc.sql("select cast(date_trunc('" + granularity.name().toLowerCase(Locale.ROOT)
                + "', r.answered_at at time zone :rZone) as date), " + SCORE + " from survey_responses r where "
                + answers.sql() + " group by 1").params(answers.params())
                .query(rs -> {
                    found.put(rs.getObject(1, LocalDate.class), score(filter.kind(), rs, 2));
                });
        List<Point> points = new ArrayList<>();
        for (LocalDate start = granularity.start(filter.from()); !start.isAfter(filter.to());
                start = granularity.next(start)) {
            points.add(new Point(start, found.getOrDefault(start, Score.none(filter.kind()))));
        }
        return points;
    }

    /** What a breakdown groups by: the column of the answer and of the invitation, the joins, the name. */
    private enum Dimension {
        SURVEY("r.survey_id", "s.name", "join surveys s on s.id = r.survey_id", "i.survey_id", ""),
        TEAM("r.team_id", "t.name", "left join teams t on t.id = r.team_id", "i.team_id", ""),
        AGENT("r.agent_id", "u.name", "left join users u on u.id = r.agent_id", "i.agent_id", ""),
        PRODUCT("ip.product_id",
                "coalesce(case :rLanguage when 'pl' then p.name_pl when 'cs' then p.name_cs end, p.name)",
                "join survey_invitation_products ip on ip.invitation_id = r.invitation_id"
                        + " join products p on p.id = ip.product_id",
                "ip.product_id", "join survey_invitation_products ip on ip.invitation_id = i.id");

        final String key;
        final String label;
        final String join;
        final String invitationKey;
        final String invitationJoin;

        Dimension(String key, String name, String join, String invitationKey, String invitationJoin) {
            this.key = key;
            this.label = name;
            this.join = join;
            this.invitationKey = invitationKey;
            this.invitationJoin = invitationJoin;
        }
    }

    private List<Row> breakdown(ResultFilter filter, ZoneId zone, Dimension dimension, Locale locale) {
        Where invited = invitations(filter, zone);
        Map<Long, Rate> rates = new HashMap<>();
        jdbc.sql("select " + dimension.invitationKey + ", count(*), count(i.answered_at) from survey_invitations i "
                + dimension.invitationJoin + " where " + invited.sql() + " group by 1").params(invited.params())
                .query(rs -> {
                    rates.put((Long) rs.getObject(1), Rate.of(rs.getLong(2), rs.getLong(3)));
                });
        Where answers = answers(filter, zone);
        return jdbc.sql("select " + dimension.key + ", " + dimension.label + ", " + SCORE + " from survey_responses r "
                + dimension.join + " where " + answers.sql() + " group by 1, 2 order by count(*) desc, 2 limit "
                + BREAKDOWN_ROWS).params(answers.params()).param("rLanguage", locale.getLanguage())
                .query((rs, n) -> {
                    Long id = (Long) rs.getObject(1);
                    return new Row(id, rs.getString(2), score(filter.kind(), rs, 3),
                            rates.getOrDefault(id, Rate.of(0, 0)));
                })
                .list();
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
        String fromAndWhere = "from survey_responses r where " + where.sql();
        List<ResponseRow> rows = jdbc.sql("select " + ROW_COLUMNS + " " + ROW_JOINS + " where " + where.sql()
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

    private record Where(String sql, Map<String, Object> params) {
    }

    /** The answers of a result: its kind, answered within its days. */
    private Where answers(ResultFilter filter, ZoneId zone) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("r.kind = :rKind and r.answered_at >= :rFrom and r.answered_at < :rTo");
        period(filter.kind(), filter.from(), filter.to(), zone, params);
        common(sql, params, "r", "r.invitation_id", filter.surveyId(), filter.segmentId(), filter.teamId(),
                filter.agentId(), filter.productId());
        return new Where(sql.toString(), params);
    }

    /** The invitations of a result: of a survey of its kind, sent within its days. */
    private Where invitations(ResultFilter filter, ZoneId zone) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("i.survey_id in (select s.id from surveys s where s.kind = :rKind)"
                + " and i.sent_at >= :rFrom and i.sent_at < :rTo");
        period(filter.kind(), filter.from(), filter.to(), zone, params);
        common(sql, params, "i", "i.id", filter.surveyId(), filter.segmentId(), filter.teamId(), filter.agentId(),
                filter.productId());
        return new Where(sql.toString(), params);
    }

    private Where responseWhere(ResponseQuery query, ZoneId zone) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("true");
        if (query.kind() != null) {
            sql.append(" and r.kind = :rKind");
            params.put("rKind", query.kind().name());
        }
        if (query.from() != null) {
            sql.append(" and r.answered_at >= :rFrom");
            params.put("rFrom", Timestamp.from(query.from().atStartOfDay(zone).toInstant()));
        }
        if (query.to() != null) {
            sql.append(" and r.answered_at < :rTo");
            params.put("rTo", Timestamp.from(query.to().plusDays(1).atStartOfDay(zone).toInstant()));
        }
        if (query.band() != null) {
            sql.append(" and r.score between :rBandFrom and :rBandTo");
            params.put("rBandFrom", query.kind().from(query.band()));
            params.put("rBandTo", query.kind().to(query.band()));
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
            // English words by their stem, Polish and Czech ones whole, and any fragment of three letters or more
            sql.append(" and (r.search @@ websearch_to_tsquery('english', :rText)"
                    + " or r.search @@ websearch_to_tsquery('simple', :rText)"
                    + " or lower(r.comment) like :rLike escape '\\'"
                    + " or exists (select 1 from survey_answers sa where sa.response_id = r.id"
                    + " and lower(sa.text) like :rLike escape '\\'))");
            String text = query.text().strip();
            params.put("rText", text);
            params.put("rLike", "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
        }
        common(sql, params, "r", "r.invitation_id", query.surveyId(), query.segmentId(), query.teamId(),
                query.agentId(), query.productId());
        return new Where(sql.toString(), params);
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
        jdbc.sql("set local statement_timeout = '30s'").update();
    }
}
