package app.klient.platform.web;

import java.util.Locale;
import java.util.Optional;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a refusal by the database means for the person who sent the values. A foreign key that points nowhere is a
 * field naming a record that does not exist (400, not "conflicts with existing data"); a record still referenced by
 * others, a duplicate, is a conflict (409); a value too long, out of range or with a NUL character is a bad value
 * (400). Services check what they can first; this is the net under them, so none of these is a 500.
 */
@Component
class DatabaseRefusals {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRefusals.class);

    private final JdbcClient jdbc;

    DatabaseRefusals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Refusal(HttpStatus status, String field, String messageKey) {
    }

    Refusal of(DataIntegrityViolationException e) {
        log.info("Refused by a database constraint: {}", e.getMostSpecificCause().getMessage());
        ServerErrorMessage server = serverMessage(e).orElse(null);
        String state = server == null ? "" : String.valueOf(server.getSQLState());
        return switch (state) {
            case "23503" -> missingOrReferenced(server);
            case "23502" -> new Refusal(HttpStatus.BAD_REQUEST, field(server.getColumn()),
                    "jakarta.validation.constraints.NotNull.message");
            case "22001" -> new Refusal(HttpStatus.BAD_REQUEST, field(server.getColumn()), "error.valueTooLong");
            case "22003" -> new Refusal(HttpStatus.BAD_REQUEST, field(server.getColumn()), "error.outOfRange");
            case "22021", "22P05" -> new Refusal(HttpStatus.BAD_REQUEST, field(server.getColumn()),
                    "error.nulCharacter");
            case "22007", "22008" -> new Refusal(HttpStatus.BAD_REQUEST, field(server.getColumn()), "error.wrongType");
            case "23514" -> new Refusal(HttpStatus.BAD_REQUEST, null, "error.checkFailed");
            default -> new Refusal(HttpStatus.CONFLICT, null, "error.constraint");
        };
    }

    /**
     * The same SQL state for both directions: "insert or update on table A violates foreign key constraint C" (the
     * value names nothing) and "update or delete on table B violates foreign key constraint C on table A" (others
     * still point at the record). The second names three relations; the server's language does not change that.
     */
    private Refusal missingOrReferenced(ServerErrorMessage server) {
        String message = String.valueOf(server.getMessage());
        String detail = String.valueOf(server.getDetail());
        boolean referenced = detail.contains("still referenced") || message.chars().filter(c -> c == '"').count() >= 6;
        if (referenced) {
            return new Refusal(HttpStatus.CONFLICT, null, "error.stillReferenced");
        }
        return new Refusal(HttpStatus.BAD_REQUEST, field(column(server.getConstraint())), "error.missingReference");
    }

    private String column(String constraint) {
        if (constraint == null) {
            return null;
        }
        try {
            return jdbc.sql("""
                    select a.attname from pg_constraint c
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
                    where c.conname = ? and c.contype = 'f' limit 1""").param(constraint).query(String.class)
                    .optional().orElse(null);
        }
        catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code team_id} as the forms and the API spell it: {@code teamId}. */
    static String field(String column) {
        if (column == null || column.isBlank()) {
            return null;
        }
        StringBuilder field = new StringBuilder();
        boolean upper = false;
        for (char c : column.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            }
            else {
                field.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return field.toString();
    }

    private static Optional<ServerErrorMessage> serverMessage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return Optional.of(psql.getServerErrorMessage());
            }
            if (cause instanceof java.sql.SQLException sql && sql.getNextException() instanceof PSQLException next
                    && next.getServerErrorMessage() != null) {
                return Optional.of(next.getServerErrorMessage());
            }
        }
        return Optional.empty();
    }
}
