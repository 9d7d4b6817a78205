package app.klient.channels.chat;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.Teams;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The chat widgets the company puts on its websites: each names the team whose agents answer, the websites allowed
 * to embed it, and whether the bot answers first from the ready answers. Administrators keep them.
 */
@Service
public class ChatWidgets {

    static final int MAX_ORIGINS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final JdbcClient jdbc;
    private final Versions versions;
    private final Teams teams;

    ChatWidgets(JdbcClient jdbc, Versions versions, Teams teams) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.teams = teams;
    }

    public record Widget(long id, String key, String name, Long teamId, List<String> allowedOrigins, boolean bot,
            boolean active, int version) {

        /**
         * Whether a page of {@code origin} (scheme, host and port, as a browser sends it) may use the widget:
         * {@code https://*.example.com} allows the subdomains of example.com.
         */
        public boolean allows(String origin) {
            if (origin == null) {
                return true;
            }
            String asked = origin.toLowerCase(Locale.ROOT);
            for (String allowed : allowedOrigins) {
                if (allowed.equals(asked)) {
                    return true;
                }
                int star = allowed.indexOf("://*.");
                if (star > 0) {
                    String scheme = allowed.substring(0, star + 3);
                    String suffix = allowed.substring(star + 4);
                    if (asked.startsWith(scheme) && asked.endsWith(suffix)
                            && asked.length() > scheme.length() + suffix.length()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** What the administrator sets; {@code version} is required when changing. */
    public record WidgetForm(@NotBlank @Size(max = 100) String name, Long teamId,
            @Size(max = MAX_ORIGINS) List<String> allowedOrigins, Boolean bot, Boolean active, Integer version) {
    }

    public static void checkAdministrator() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "chat.settings.forbidden");
        }
    }

    @Transactional(readOnly = true)
    public List<Widget> list() {
        return jdbc.sql("select * from chat_widgets order by lower(name), id").query(ChatWidgets::widget).list();
    }

    @Transactional(readOnly = true)
    public Widget get(long id) {
        return jdbc.sql("select * from chat_widgets where id = :id").param("id", id).query(ChatWidgets::widget)
                .optional().orElseThrow(() -> KlientException.notFound("chat.widget.notFound"));
    }

    /** The widget a website's script names, if it is switched on. */
    @Transactional(readOnly = true)
    public Optional<Widget> byKey(String key) {
        if (key == null || !key.matches("[a-z0-9]{8,40}")) {
            return Optional.empty();
        }
        return jdbc.sql("select * from chat_widgets where widget_key = :key and active").param("key", key)
                .query(ChatWidgets::widget).optional();
    }

    @Transactional
    public Widget create(WidgetForm form) {
        checkAdministrator();
        List<String> origins = check(form);
        long id = jdbc.sql("""
                insert into chat_widgets (widget_key, name, team_id, allowed_origins, bot, active)
                values (:key, :name, :team, :origins, :bot, :active) returning id""")
                .param("key", newKey()).param("name", form.name().strip()).param("team", form.teamId())
                .param("origins", origins.toArray(String[]::new)).param("bot", form.bot() == null || form.bot())
                .param("active", form.active() == null || form.active()).query(Long.class).single();
        return get(id);
    }

    @Transactional
    public Widget update(long id, WidgetForm form) {
        checkAdministrator();
        get(id);
        List<String> origins = check(form);
        versions.change("chat_widgets", id, form.version())
                .set("name = :name, team_id = :team, allowed_origins = :origins, bot = :bot, active = :active")
                .param("name", form.name().strip()).param("team", form.teamId())
                .param("origins", origins.toArray(String[]::new)).param("bot", form.bot() == null || form.bot())
                .param("active", form.active() == null || form.active()).notFound("chat.widget.notFound").apply();
        return get(id);
    }

    private List<String> check(WidgetForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form.name() == null || form.name().isBlank()) {
            errors.add("name", "error.required");
        }
        if (form.teamId() != null && teams.list().stream().noneMatch(t -> t.id() == form.teamId())) {
            errors.add("teamId", "team.notFound");
        }
        List<String> origins = new ArrayList<>();
        for (String raw : form.allowedOrigins() == null ? List.<String>of() : form.allowedOrigins()) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            Optional<String> origin = origin(raw);
            if (origin.isEmpty()) {
                errors.add("allowedOrigins", "chat.widget.origin.invalid", raw.length() > 100 ? raw.substring(0, 100)
                        : raw);
            }
            else if (!origins.contains(origin.get())) {
                origins.add(origin.get());
            }
        }
        if (origins.isEmpty() && !errors.has("allowedOrigins")) {
            errors.add("allowedOrigins", "chat.widget.origin.required");
        }
        if (origins.size() > MAX_ORIGINS) {
            errors.add("allowedOrigins", "chat.widget.origin.tooMany", MAX_ORIGINS);
        }
        errors.throwIfAny();
        return origins;
    }

    /**
     * A website as a browser names it in {@code Origin}: {@code https://www.example.com}, with a port when it is not
     * the usual one; a leading {@code *.} allows its subdomains. A path, query or anything else is refused.
     */
    static Optional<String> origin(String raw) {
        String text = raw.strip().toLowerCase(Locale.ROOT);
        if (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.length() > 200) {
            return Optional.empty();
        }
        boolean wildcard = text.matches("https?://\\*\\..+");
        String plain = wildcard ? text.replaceFirst("\\*\\.", "") : text;
        try {
            URI uri = new URI(plain);
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                    || !uri.getHost().matches("[a-z0-9.-]+")) {
                return Optional.empty();
            }
        }
        catch (URISyntaxException e) {
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private static String newKey() {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            key.append(KEY_ALPHABET.charAt(RANDOM.nextInt(KEY_ALPHABET.length())));
        }
        return key.toString();
    }

    private static Widget widget(ResultSet rs, int n) throws SQLException {
        Array origins = rs.getArray("allowed_origins");
        return new Widget(rs.getLong("id"), rs.getString("widget_key"), rs.getString("name"),
                (Long) rs.getObject("team_id"), Arrays.asList((String[]) origins.getArray()), rs.getBoolean("bot"),
                rs.getBoolean("active"), rs.getInt("version"));
    }
}
