package app.klient.identity.internal;

import java.io.Serial;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import app.klient.identity.Role;
import app.klient.platform.Actor;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The principal of a signed-in request, kept in the session; built fresh from the database at every sign-in. */
public final class SignedInUser implements UserDetails, CredentialsContainer, Actor, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long id;
    private final String email;
    private final String name;
    private final Role role;
    private final Locale locale;
    private final ZoneId timeZone;
    private final boolean active;
    private String passwordHash;

    SignedInUser(long id, String email, String name, Role role, Locale locale, ZoneId timeZone, boolean active,
            String passwordHash) {
        this.id = id;
        this.email = email;
        this.name = name;
        this.role = role;
        this.locale = locale;
        this.timeZone = timeZone;
        this.active = active;
        this.passwordHash = passwordHash;
    }

    public static SignedInUser of(User user) {
        return new SignedInUser(user.getId(), user.getEmail(), user.getName(), user.getRole(),
                Locale.forLanguageTag(user.getLocale()), ZoneId.of(user.getTimeZone()), user.isActive(), user.getPasswordHash());
    }

    public SignedInUser withProfile(String newName, Locale newLocale, ZoneId newZone) {
        return new SignedInUser(id, email, newName, role, newLocale, newZone, active, null);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String email() {
        return email;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public Locale locale() {
        return locale;
    }

    @Override
    public ZoneId timeZone() {
        return timeZone;
    }

    public Role role() {
        return role;
    }

    public boolean active() {
        return active;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
