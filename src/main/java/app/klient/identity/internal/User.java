package app.klient.identity.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import app.klient.audit.Audited;
import app.klient.identity.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "users")
@Audited(name = "user", exclude = { "passwordHash", "passwordChangedAt" })
public class User {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String email;

    private String name;

    @Column(name = "password_hash")
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    private Role role;

    private String locale;

    @Column(name = "time_zone")
    private String timeZone;

    private boolean active = true;

    @Column(name = "password_changed_at")
    private Instant passwordChangedAt;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);

    @Column(name = "updated_at")
    private Instant updatedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);

    @Version
    private int version;

    @ManyToMany
    @JoinTable(name = "user_teams", joinColumns = @JoinColumn(name = "user_id"),
            inverseJoinColumns = @JoinColumn(name = "team_id"))
    private Set<Team> teams = new HashSet<>();

    protected User() {
    }

    public User(String email, String name, Role role, String passwordHash, String locale, String timeZone) {
        this.email = email;
        this.name = name;
        this.role = role;
        this.locale = locale;
        this.timeZone = timeZone;
        changePassword(passwordHash);
    }

    @PreUpdate
    void touch() {
        updatedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public void changePassword(String newHash) {
        this.passwordHash = newHash;
        this.passwordChangedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public void rename(String name) {
        this.name = name;
    }

    public void changeEmail(String email) {
        this.email = email;
    }

    public void changeRole(Role role) {
        this.role = role;
    }

    public void changePreferences(String locale, String timeZone) {
        this.locale = locale;
        this.timeZone = timeZone;
    }

    public void deactivate() {
        this.active = false;
    }

    public void activate() {
        this.active = true;
    }

    public void replaceTeams(Set<Team> newTeams) {
        teams.retainAll(newTeams);
        teams.addAll(newTeams);
    }

    public Long getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public String getName() {
        return name;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public Role getRole() {
        return role;
    }

    public String getLocale() {
        return locale;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public boolean isActive() {
        return active;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public int getVersion() {
        return version;
    }

    public Set<Team> getTeams() {
        return teams;
    }
}
