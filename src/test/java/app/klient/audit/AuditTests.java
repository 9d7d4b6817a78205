package app.klient.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.TeamForm;
import app.klient.identity.Teams;
import app.klient.identity.UserSummary;
import app.klient.identity.UserUpdate;
import app.klient.identity.Users;
import app.klient.support.Http;
import app.klient.support.WebTest;
import app.klient.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import tools.jackson.databind.JsonNode;

class AuditTests extends WebTest {

    @Autowired
    AuditLog audit;

    @Autowired
    Users users;

    @Autowired
    Teams teams;

    @Test
    void a_change_records_each_field_with_its_old_and_new_value() {
        UserSummary user = testUsers.create(Role.SALES);
        long teamId = teams.create(new TeamForm("Audit " + UUID.randomUUID(), null)).id();
        users.update(user.id(), new UserUpdate(user.email(), "Renamed Person", Role.MANAGER, "pl", "Europe/Prague",
                Set.of(teamId), "", user.version()));

        List<AuditEntry> history = history(user.id());
        AuditEntry created = history.stream().filter(e -> e.action() == AuditAction.CREATE).findFirst().orElseThrow();
        assertThat(created.changes()).extracting(FieldChange::field).contains("email", "name", "role")
                .doesNotContain("passwordHash", "version");

        List<FieldChange> changes = history.stream().filter(e -> e.action() == AuditAction.UPDATE)
                .flatMap(e -> e.changes().stream()).toList();
        assertThat(changes).contains(
                new FieldChange("name", "Test SALES", "Renamed Person"),
                new FieldChange("role", "SALES", "MANAGER"),
                new FieldChange("locale", "en", "pl"),
                new FieldChange("timeZone", "Europe/Warsaw", "Europe/Prague"),
                new FieldChange("teams", "[]", "[" + teamId + "]"));
    }

    @Test
    void a_password_change_is_recorded_without_the_password() {
        UserSummary user = testUsers.create(Role.SALES);
        users.update(user.id(), new UserUpdate(user.email(), user.name(), user.role(), user.locale(),
                user.timeZone(), Set.of(), "another-long-password", user.version()));
        String everything = history(user.id()).toString();
        assertThat(everything).doesNotContain("another-long-password").doesNotContain("{bcrypt}");
    }

    @Test
    void an_unchanged_save_records_nothing() {
        UserSummary user = testUsers.create(Role.SALES);
        int before = history(user.id()).size();
        users.update(user.id(), new UserUpdate(user.email(), user.name(), user.role(), user.locale(),
                user.timeZone(), Set.of(), "", user.version()));
        assertThat(history(user.id())).hasSize(before);
    }

    @Test
    void sign_ins_failures_and_token_use_are_recorded_with_the_address() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = Http.on(port);
        browser.login(user.email(), "wrong-password");
        browser.login(user.email(), TestUsers.PASSWORD);
        api(user).get("/api/v1/me");

        List<AuditEntry> entries = audit.search(new AuditQuery(user.email(), null, null, null, null, null),
                PageRequest.of(0, 50)).getContent();
        assertThat(entries).extracting(AuditEntry::action)
                .contains(AuditAction.LOGIN_FAILED, AuditAction.LOGIN, AuditAction.TOKEN_USED);
        AuditEntry login = entries.stream().filter(e -> e.action() == AuditAction.LOGIN).findFirst().orElseThrow();
        assertThat(login.address()).isEqualTo(browser.address());
        assertThat(login.actorId()).isEqualTo(user.id());
    }

    @Test
    void changes_made_through_a_request_name_the_person_who_made_them() {
        UserSummary admin = testUsers.create(Role.ADMIN);
        Http api = api(admin);
        long teamId = api.postJson("/api/v1/teams", "{\"name\":\"Made by " + admin.id() + "\"}").json().get("id")
                .asLong();
        AuditEntry entry = audit.search(new AuditQuery(null, AuditAction.CREATE, "team", String.valueOf(teamId),
                null, null), PageRequest.of(0, 1)).getContent().get(0);
        assertThat(entry.actorId()).isEqualTo(admin.id());
        assertThat(entry.actorName()).isEqualTo(admin.email());
    }

    @Test
    void administrators_browse_and_filter_the_log_on_the_page_and_over_the_api() {
        UserSummary admin = testUsers.create(Role.ADMIN);
        UserSummary subject = testUsers.create(Role.SALES);
        Http browser = signedIn(admin);

        Http.Response page = browser.get("/admin/audit?entityType=user&entityId=" + subject.id());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Audit log").contains(subject.email());
        Http.Response fragment = browser.get("/admin/audit?action=LOGIN&actor=" + admin.email(),
                java.util.Map.of("HX-Request", "true"));
        assertThat(fragment.body()).contains(admin.email()).doesNotContain("<html");
        assertThat(browser.get("/admin/audit?from=yesterday").body()).contains("One of the filters is not valid");
        assertThat(browser.get("/admin/audit?action=EXPLODE").status()).isEqualTo(200);

        Http api = api(admin);
        JsonNode result = api.get("/api/v1/audit?entityType=user&entityId=" + subject.id()).json();
        assertThat(result.get("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(result.get("items").get(0).get("entityId").asString()).isEqualTo(String.valueOf(subject.id()));
        assertThat(api.get("/api/v1/audit?from=2026-13-45").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit?size=1000").status()).isEqualTo(400);
    }

    private List<AuditEntry> history(long userId) {
        return audit.search(new AuditQuery(null, null, "user", String.valueOf(userId), null, null),
                PageRequest.of(0, 100)).getContent();
    }
}
