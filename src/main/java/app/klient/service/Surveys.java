package app.klient.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.platform.Phrase;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Satisfaction surveys after a ticket is resolved: a one-click link with a 256-bit random token (only its SHA-256 is
 * kept), valid for 14 days and answerable once. A wrong, used or expired token learns nothing about any ticket.
 */
@Service
public class Surveys {

    static final Duration VALID = Duration.ofDays(14);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Timeline timeline;

    Surveys(JdbcClient jdbc, Timeline timeline) {
        this.jdbc = jdbc;
        this.timeline = timeline;
    }

    /** A new survey token for a ticket (replacing an unanswered earlier one); shown only to the customer. */
    @Transactional
    public String issue(long ticketId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("update tickets set survey_token_hash = :hash, survey_expires_at = :expires where id = :id "
                + "and survey_answered_at is null").param("hash", hash(token))
                .param("expires", Timestamp.from(Instant.now().plus(VALID))).param("id", ticketId).update();
        return token;
    }

    /** What the survey page shows: the ticket's number and subject, if the token is good and unanswered. */
    @Transactional(readOnly = true)
    public Optional<String[]> open(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select number, subject from tickets where survey_token_hash = :hash and survey_answered_at is null
                  and survey_expires_at > now()""").param("hash", hash(token))
                .query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) }).optional();
    }

    @Transactional
    public void answer(String token, Integer csat, Integer ces, String comment) {
        if (csat == null || csat < 1 || csat > 5 || (ces != null && (ces < 1 || ces > 7))
                || (comment != null && comment.length() > 2000)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("csat", "survey.invalid")));
        }
        if (!wellFormed(token)) {
            throw KlientException.notFound("survey.notFound");
        }
        record Answered(long id, Long company, Long contact, String number) {
        }
        Answered ticket = jdbc.sql("""
                update tickets set csat = :csat, ces = :ces, survey_comment = :comment, survey_answered_at = now(),
                    survey_token_hash = null
                where survey_token_hash = :hash and survey_answered_at is null and survey_expires_at > now()
                returning id, company_id, contact_id, number""").param("csat", csat).param("ces", ces)
                .param("comment", comment == null || comment.isBlank() ? null : comment.strip())
                .param("hash", hash(token))
                .query((rs, n) -> new Answered(rs.getLong(1), (Long) rs.getObject(2), (Long) rs.getObject(3),
                        rs.getString(4)))
                .optional().orElseThrow(() -> KlientException.notFound("survey.notFound"));
        if (ticket.company() != null || ticket.contact() != null) {
            timeline.record(TimelineRecord.coded(ticket.company(), ticket.company() == null ? ticket.contact() : null,
                    "SURVEY_ANSWERED", ticket.number(), ces == null ? Phrase.of("timeline.survey.scores", csat)
                            : Phrase.of("timeline.survey.scoresWithEffort", csat, ces), "service", ticket.id(),
                    null));
        }
    }

    private static boolean wellFormed(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]{43}");
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
