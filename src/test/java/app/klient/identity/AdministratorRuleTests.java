package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import app.klient.platform.KlientException;
import app.klient.support.TestUsers;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.annotation.Transactional;

/** Rolled back after each test: they leave the shared database's administrators as they were. */
@Transactional
class AdministratorRuleTests extends WebTest {

    @Autowired
    Users users;

    @Test
    void the_last_active_administrator_can_be_neither_demoted_nor_deactivated() {
        UserSummary admin = users.findByEmail(TestUsers.ADMIN_EMAIL).orElseThrow();
        jdbc.sql("update users set active = false where role = 'ADMIN' and id <> :id").param("id", admin.id()).update();
        UserSummary someone = testUsers.create(Role.MANAGER);

        assertThatThrownBy(() -> users.update(admin.id(), new UserUpdate(admin.email(), admin.name(), Role.MANAGER,
                admin.locale(), admin.timeZone(), Set.of(), "", admin.version())))
                .isInstanceOf(KlientException.class).hasMessage("user.lastAdmin");
        assertThatThrownBy(() -> users.deactivate(admin.id(), someone.id()))
                .isInstanceOf(KlientException.class).hasMessage("user.lastAdmin");

        UserSummary second = testUsers.create(Role.ADMIN);
        UserSummary demoted = users.update(admin.id(), new UserUpdate(admin.email(), admin.name(), Role.MANAGER,
                admin.locale(), admin.timeZone(), Set.of(), "", admin.version()));
        assertThat(demoted.role()).isEqualTo(Role.MANAGER);
        assertThatThrownBy(() -> users.deactivate(second.id(), someone.id())).hasMessage("user.lastAdmin");
    }
}
