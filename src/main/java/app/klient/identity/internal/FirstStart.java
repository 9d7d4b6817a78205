package app.klient.identity.internal;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import app.klient.identity.Role;
import app.klient.platform.DemoData;
import app.klient.platform.PublicUrl;
import app.klient.platform.db.EmbeddedDatabaseServer;
import net.datafaker.Faker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.MessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start of an empty database: the administrator, and (on the embedded database unless told otherwise)
 * the demo company. An advisory lock keeps two nodes starting together from doing it twice.
 */
@Component
@Order(0)
class FirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);
    private static final long LOCK_KEY = 0x4b6c69656e74L;
    static final long DEMO_SEED = 20261124L;

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final List<DemoData> demoData;
    private final boolean embedded;
    private final String adminEmail;
    private final String adminPassword;
    private final String demoSetting;
    private final PasswordRules passwordRules;
    private final MessageSource messages;
    private final PublicUrl publicUrl;

    FirstStart(UserRepository users, PasswordEncoder passwords, PasswordRules passwordRules, MessageSource messages,
            JdbcClient jdbc, TransactionTemplate transaction,
            ObjectProvider<DemoData> demoData, ObjectProvider<EmbeddedDatabaseServer> embeddedServer, PublicUrl publicUrl,
            @Value("${klient.admin.email}") String adminEmail, @Value("${klient.admin.password:}") String adminPassword,
            @Value("${klient.demo-data:}") String demoSetting) {
        this.users = users;
        this.passwords = passwords;
        this.passwordRules = passwordRules;
        this.messages = messages;
        this.publicUrl = publicUrl;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.demoData = demoData.orderedStream().toList();
        this.embedded = embeddedServer.getIfAvailable() != null;
        this.adminEmail = adminEmail.strip().toLowerCase(Locale.ROOT);
        this.adminPassword = adminPassword;
        this.demoSetting = demoSetting.strip();
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean generating = adminPassword == null || adminPassword.isBlank();
        String created = transaction.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", LOCK_KEY).query((rs, n) -> 1).list();
            if (users.count() > 0) {
                return null;
            }
            String password = generating ? randomPassword() : adminPassword;
            User admin = users.save(new User(adminEmail, "Administrator", Role.ADMIN, passwords.encode(password), "en",
                    "Europe/Warsaw"));
            if (demoWanted()) {
                Faker faker = new Faker(Locale.forLanguageTag("pl"), new Random(DEMO_SEED));
                // the demo company is made by its administrator: services that check who acts (invoices) accept it
                SignedInUser actor = SignedInUser.of(admin);
                var context = org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new org.springframework.security.authentication
                        .UsernamePasswordAuthenticationToken(actor, null, actor.getAuthorities()));
                org.springframework.security.core.context.SecurityContextHolder.setContext(context);
                long started = System.nanoTime();
                try {
                    for (DemoData data : demoData) {
                        long part = System.nanoTime();
                        data.fill(faker);
                        log.debug("Demo part {} took {} ms", data.getClass().getSimpleName(),
                                (System.nanoTime() - part) / 1_000_000);
                    }
                }
                finally {
                    org.springframework.security.core.context.SecurityContextHolder.clearContext();
                }
                log.info("Klient filled a demo company ({} parts) in {} ms", demoData.size(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            return password;
        });
        if (created == null) {
            return;
        }
        // said once the administrator is committed with the demo company: until then signing in is refused, and
        // five tries would lock the account
        if (generating) {
            log.warn(banner(publicUrl.of("/login"), adminEmail, created));
        }
        else {
            log.info("Klient created its administrator {} with the password from KLIENT_ADMIN_PASSWORD; sign in at {}",
                    adminEmail, publicUrl.of("/login"));
            // an operator's setting does not stop the start, but a weak one must not pass unnoticed
            passwordRules.problem(created, adminEmail).ifPresent(problem -> log.warn(
                    "KLIENT_ADMIN_PASSWORD breaks Klient's password rules ({}): the administrator was created "
                            + "with it all the same; change it under My account",
                    messages.getMessage(problem, passwordRules.arguments(), problem, Locale.ENGLISH)));
        }
    }

    /** What the log shows of a new administrator's password: where to sign in and with what. */
    static String banner(String signIn, String email, String password) {
        return """

                ==========================================================================
                  Klient created its administrator. Sign in at %s with
                    e-mail:   %s
                    password: %s
                  This password is shown only this once; change it under My account.
                ==========================================================================
                """.formatted(signIn, email, password);
    }

    private boolean demoWanted() {
        return demoSetting.isEmpty() ? embedded : Boolean.parseBoolean(demoSetting);
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
