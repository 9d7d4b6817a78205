package app.klient.identity;

import java.time.ZoneId;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import app.klient.identity.internal.ApiTokens;
import app.klient.identity.internal.PasswordRules;
import app.klient.identity.internal.SignedInUser;
import app.klient.identity.internal.Team;
import app.klient.identity.internal.TeamRepository;
import app.klient.identity.internal.User;
import app.klient.identity.internal.UserRepository;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The people who use Klient. Users are never deleted: deactivating one keeps everything they own. */
@Service
public class Users {

    public static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
    public static final int MIN_PASSWORD = PasswordRules.MIN_LENGTH;
    public static final int MAX_PASSWORD = PasswordRules.MAX_LENGTH;
    public static final String OPTIONAL_PASSWORD_PATTERN = "^$|^.{" + MIN_PASSWORD + "," + MAX_PASSWORD + "}$";
    public static final String DEFAULT_TIME_ZONE = "Europe/Warsaw";

    private final UserRepository users;
    private final TeamRepository teams;
    private final PasswordEncoder passwords;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final JdbcClient jdbc;
    private final ApiTokens tokens;
    private final PasswordRules passwordRules;
    private final org.springframework.context.ApplicationEventPublisher events;

    Users(UserRepository users, TeamRepository teams, PasswordEncoder passwords,
            FindByIndexNameSessionRepository<? extends Session> sessions, JdbcClient jdbc, ApiTokens tokens,
            PasswordRules passwordRules, org.springframework.context.ApplicationEventPublisher events) {
        this.passwordRules = passwordRules;
        this.events = events;
        this.users = users;
        this.teams = teams;
        this.passwords = passwords;
        this.sessions = sessions;
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    @Transactional(readOnly = true)
    public Page<UserSummary> search(String text, Boolean active, Role role, Pageable pageable) {
        String pattern = text == null || text.isBlank() ? null
                : "%" + text.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%";
        return users.search(pattern, active, role, pageable).map(Users::summary);
    }

    @Transactional(readOnly = true)
    public UserSummary get(long id) {
        return users.findWithTeams(id).map(Users::summary)
                .orElseThrow(() -> KlientException.notFound("user.notFound"));
    }

    @Transactional(readOnly = true)
    public Optional<UserSummary> findByEmail(String email) {
        return users.findByEmail(email.strip()).map(Users::summary);
    }

    /** Names of the given users, for lists that show an owner beside each row. */
    @Transactional(readOnly = true)
    public Map<Long, String> names(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        // plain SQL, no entities: a list or a card asks for this on every request
        List<Long> wanted = ids.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (!wanted.isEmpty()) {
            jdbc.sql("select id, name from users where id in (:ids)").param("ids", wanted)
                    .query(rs -> {
                        names.put(rs.getLong("id"), rs.getString("name"));
                    });
        }
        return names;
    }

    /** The active user a mention like {@code @jan.novak} or {@code @jan.novak@firma.cz} names. */
    @Transactional(readOnly = true)
    public Optional<UserSummary> findByMention(String handle) {
        String h = handle.strip().toLowerCase(Locale.ROOT);
        Optional<User> user = h.contains("@") ? users.findByEmail(h).filter(User::isActive)
                : users.findFirstByEmailStartingWithIgnoreCaseAndActiveTrueOrderById(h + "@");
        return user.map(Users::summary);
    }

    /** Every user's name by id, for exports that name the owner of each of many rows. */
    @Transactional(readOnly = true)
    public Map<Long, String> allNames() {
        Map<Long, String> names = new HashMap<>();
        users.findAll().forEach(u -> names.put(u.getId(), u.getName()));
        return names;
    }

    /**
     * Why this person cannot own a customer, deal, lead or task (a message key), or empty when they can: an owner
     * must be an active user who may change records, or the record would belong to someone who cannot act on it.
     */
    @Transactional(readOnly = true)
    public Optional<String> ownerProblem(long id) {
        Optional<User> user = users.findById(id);
        if (user.isEmpty() || !user.get().isActive()) {
            return Optional.of("customer.owner.invalid");
        }
        return user.get().getRole().canWrite() ? Optional.empty() : Optional.of("owner.readOnly");
    }

    @Transactional(readOnly = true)
    public boolean isActive(long id) {
        return users.findById(id).map(User::isActive).orElse(false);
    }

    /**
     * Runs {@code work} signed in as an active user, as a job acting for them does (a report mailed to them is run
     * as them, so it shows what they may see); the caller's own sign-in is back afterwards. An inactive or unknown
     * user is refused (404).
     */
    public <T> T actingAs(long id, Supplier<T> work) {
        User user = users.findById(id).filter(User::isActive)
                .orElseThrow(() -> KlientException.notFound("user.notFound"));
        SignedInUser actor = SignedInUser.of(user);
        SecurityContext before = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(actor, null,
                actor.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        }
        finally {
            SecurityContextHolder.setContext(before);
        }
    }

    /** Every active user (pickers, owner mapping, the jobs that serve each person), by name, read a page at a time. */
    @Transactional(readOnly = true)
    public List<UserSummary> activeUsers() {
        List<UserSummary> all = new java.util.ArrayList<>();
        org.springframework.data.domain.Pageable page = org.springframework.data.domain.PageRequest.of(0, 1000,
                org.springframework.data.domain.Sort.by("name", "id"));
        org.springframework.data.domain.Page<User> read;
        do {
            read = users.search(null, true, null, page);
            read.map(Users::summary).forEach(all::add);
            page = page.next();
        }
        while (read.hasNext());
        return all;
    }

    /** Who may be chosen as the owner of a record: active users who may change records, by name. */
    @Transactional(readOnly = true)
    public List<UserSummary> possibleOwners() {
        return activeUsers().stream().filter(u -> u.role().canWrite()).toList();
    }

    @Transactional(readOnly = true)
    public long count() {
        return users.count();
    }

    @Transactional
    public UserSummary create(NewUser form) {
        String email = normalizeEmail(form.email());
        if (users.existsByEmailIgnoreCase(email)) {
            throw KlientException.conflict("user.email.taken", email);
        }
        checkPassword(form.password(), email);
        User user = new User(email, form.name().strip(), form.role(), passwords.encode(form.password()),
                localeOrDefault(form.locale()), zoneOrDefault(form.timeZone()));
        user.replaceTeams(findTeams(form.teamIds()));
        return summary(users.saveAndFlush(user));
    }

    @Transactional
    public UserSummary update(long id, UserUpdate form) {
        User user = users.findWithTeams(id).orElseThrow(() -> KlientException.notFound("user.notFound"));
        Versions.check(form.version(), user.getVersion());
        String email = normalizeEmail(form.email());
        if (!email.equalsIgnoreCase(user.getEmail()) && users.existsByEmailIgnoreCase(email)) {
            throw KlientException.conflict("user.email.taken", email);
        }
        keepAnAdministrator(user, form.role(), true);
        boolean mustSignInAgain = user.getRole() != form.role() || !email.equalsIgnoreCase(user.getEmail());
        boolean passwordChanged = false;
        String previousEmail = user.getEmail();
        user.changeEmail(email);
        user.rename(form.name().strip());
        user.changeRole(form.role());
        user.changePreferences(localeOrDefault(form.locale()), zoneOrDefault(form.timeZone()));
        // no teamIds keeps the teams: a client that does not know of teams must not take a user out of all of
        // them; an empty list (or every box unticked on the page) is what clears them
        if (form.teamIds() != null) {
            user.replaceTeams(findTeams(form.teamIds()));
        }
        if (form.password() != null && !form.password().isEmpty()) {
            checkPassword(form.password(), email);
            user.changePassword(passwords.encode(form.password()));
            mustSignInAgain = true;
            passwordChanged = true;
        }
        UserSummary saved = summary(users.saveAndFlush(user));
        if (mustSignInAgain) {
            endSessions(previousEmail, null);
        }
        if (passwordChanged) {
            // whoever knew the old password may have made tokens with it: they go with it
            tokens.revokeAll(id);
        }
        return saved;
    }

    /** Signs the user out everywhere and refuses their logins and tokens; what they own stays theirs. */
    @Transactional
    public UserSummary deactivate(long id, long byUserId) {
        if (id == byUserId) {
            throw KlientException.conflict("user.deactivate.self");
        }
        User user = users.findWithTeams(id).orElseThrow(() -> KlientException.notFound("user.notFound"));
        keepAnAdministrator(user, user.getRole(), false);
        user.deactivate();
        UserSummary saved = summary(users.saveAndFlush(user));
        endSessions(user.getEmail(), null);
        tokens.revokeAll(id);
        events.publishEvent(new SignedOutEverywhere(id));
        return saved;
    }

    @Transactional
    public UserSummary activate(long id) {
        User user = users.findWithTeams(id).orElseThrow(() -> KlientException.notFound("user.notFound"));
        user.activate();
        return summary(users.saveAndFlush(user));
    }

    /**
     * Changes one's own password and ends everything the old one opened (other sessions, API tokens) except the
     * session {@code keepSessionId} it was changed in; the caller gives that session a new id.
     */
    @Transactional
    public void changeOwnPassword(long id, String current, String replacement, String keepSessionId) {
        User user = users.findById(id).orElseThrow(() -> KlientException.notFound("user.notFound"));
        if (current == null || !passwords.matches(current, user.getPasswordHash())) {
            throw KlientException.invalid("account.password.wrongCurrent");
        }
        checkPassword(replacement, user.getEmail());
        user.changePassword(passwords.encode(replacement));
        endSessions(user.getEmail(), keepSessionId);
        tokens.revokeAll(id);
    }

    @Transactional
    public UserSummary changeOwnProfile(long id, String name, String locale, String timeZone) {
        User user = users.findWithTeams(id).orElseThrow(() -> KlientException.notFound("user.notFound"));
        user.rename(name.strip());
        user.changePreferences(localeOrDefault(locale), zoneOrDefault(timeZone));
        return summary(users.saveAndFlush(user));
    }

    @Transactional
    public void rememberLanguage(long id, Locale locale) {
        users.findById(id).ifPresent(user -> user.changePreferences(locale.getLanguage(), user.getTimeZone()));
    }

    /** Klient must keep at least one active administrator, or nobody could manage users again. */
    private void keepAnAdministrator(User user, Role newRole, boolean staysActive) {
        boolean losesAdministrator = user.getRole() == Role.ADMIN && user.isActive()
                && (newRole != Role.ADMIN || !staysActive);
        if (losesAdministrator && users.lockActiveAdministrators() <= 1) {
            throw KlientException.conflict("user.lastAdmin");
        }
    }

    private void checkPassword(String password, String email) {
        passwordRules.check(password, email);
    }

    private Set<Team> findTeams(Set<Long> ids) {
        if (ids == null || ids.isEmpty()) {
            return Set.of();
        }
        List<Team> found = teams.findAllById(ids);
        if (found.size() != ids.size()) {
            throw KlientException.invalid("team.notFound");
        }
        return new HashSet<>(found);
    }

    private void endSessions(String email, String except) {
        sessions.findByPrincipalName(email).keySet().stream().filter(sessionId -> !sessionId.equals(except))
                .forEach(sessions::deleteById);
    }

    static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static String localeOrDefault(String locale) {
        return locale == null || locale.isBlank() ? "en" : locale;
    }

    private static String zoneOrDefault(String zone) {
        if (zone == null || zone.isBlank()) {
            return DEFAULT_TIME_ZONE;
        }
        ZoneId.of(zone);
        return zone;
    }

    static UserSummary summary(User user) {
        List<TeamRef> teamRefs = user.getTeams().stream().map(t -> new TeamRef(t.getId(), t.getName()))
                .sorted(Comparator.comparing(TeamRef::name)).toList();
        return new UserSummary(user.getId(), user.getEmail(), user.getName(), user.getRole(), user.getLocale(),
                user.getTimeZone(), user.isActive(), teamRefs, teamRefs.stream().map(TeamRef::id).toList(),
                user.getCreatedAt(), user.getUpdatedAt(),
                user.getVersion());
    }
}
