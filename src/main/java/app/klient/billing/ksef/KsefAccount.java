package app.klient.billing.ksef;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the company's KSeF settings (one row, V044) and, for the client alone, its token. */
@Component
public class KsefAccount {

    private final JdbcClient jdbc;

    KsefAccount(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public KsefSettings settings() {
        return jdbc.sql("select enabled, environment, token is not null, enabled_at, version from ksef_settings")
                .query((rs, n) -> new KsefSettings(rs.getBoolean(1), KsefEnvironment.valueOf(rs.getString(2)),
                        rs.getBoolean(3), rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        rs.getInt(5)))
                .single();
    }

    /** The KSeF token, for authenticating; never shown, logged or sent anywhere but to KSeF. */
    Optional<String> token() {
        return jdbc.sql("select token from ksef_settings").query(String.class).optional();
    }
}
