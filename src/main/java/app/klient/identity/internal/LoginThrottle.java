package app.klient.identity.internal;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.LockedException;
import org.springframework.stereotype.Component;

/**
 * Limits guessing: after {@code per-account} failed logins for one e-mail, or {@code per-address} from one address,
 * within the window, further attempts are refused until the oldest failure leaves the window. Counted in the database,
 * so it holds across nodes, and for unknown e-mails too, so a lockout does not reveal which accounts exist.
 */
@Component
class LoginThrottle {

    static final String ACCOUNT_LOCKED = "account";
    static final String ADDRESS_LOCKED = "address";

    private final JdbcClient jdbc;
    private final int perAccount;
    private final int perAddress;
    private final Duration window;

    LoginThrottle(JdbcClient jdbc, @Value("${klient.login.max-failures-per-account:5}") int perAccount,
            @Value("${klient.login.max-failures-per-address:30}") int perAddress,
            @Value("${klient.login.failure-window:15m}") Duration window) {
        this.jdbc = jdbc;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.window = window;
    }

    void check(String email, String address) {
        long seconds = window.toSeconds();
        long byAccount = jdbc.sql("""
                select count(*) from login_failures
                where lower(email) = lower(:email) and failed_at > now() - make_interval(secs => :seconds)
                """).param("email", email).param("seconds", seconds).query(Long.class).single();
        if (byAccount >= perAccount) {
            throw new LockedException(ACCOUNT_LOCKED);
        }
        long byAddress = jdbc.sql("""
                select count(*) from login_failures
                where address = :address and failed_at > now() - make_interval(secs => :seconds)
                """).param("address", address).param("seconds", seconds).query(Long.class).single();
        if (byAddress >= perAddress) {
            throw new LockedException(ADDRESS_LOCKED);
        }
    }

    void failed(String email, String address) {
        jdbc.sql("insert into login_failures (email, address) values (:email, :address)")
                .param("email", email).param("address", address).update();
    }

    void succeeded(String email) {
        jdbc.sql("delete from login_failures where lower(email) = lower(:email)").param("email", email).update();
    }

    Duration window() {
        return window;
    }
}
