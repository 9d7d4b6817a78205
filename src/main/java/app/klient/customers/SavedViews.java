package app.klient.customers;

import java.util.List;

import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Saved list views ("my customers in Kraków"): one's own, and those colleagues shared. */
@Service
public class SavedViews {

    public static final int MAX_PER_USER = 50;

    private final JdbcClient jdbc;

    SavedViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<SavedView> visible(CustomerType entity) {
        long me = CurrentUser.id();
        return jdbc.sql("""
                select id, name, query, shared, user_id = :me as mine from saved_views
                where entity = :entity and (user_id = :me or shared) order by lower(name), id""")
                .param("entity", entity.name()).param("me", me)
                .query((rs, n) -> new SavedView(rs.getLong("id"), rs.getString("name"), rs.getString("query"),
                        rs.getBoolean("shared"), rs.getBoolean("mine"))).list();
    }

    @Transactional
    public long save(CustomerType entity, String name, String query, boolean shared) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            errors.add("viewName", "view.name");
        }
        String cleaned = query == null ? "" : query.strip();
        if (cleaned.length() > 2000 || !cleaned.matches("[A-Za-z0-9._~%&=+,:-]*")) {
            errors.add("viewName", "view.query");
        }
        errors.throwIfAny();
        long mine = jdbc.sql("select count(*) from saved_views where user_id = :me").param("me", CurrentUser.id())
                .query(Long.class).single();
        if (mine >= MAX_PER_USER) {
            throw KlientException.conflict("view.tooMany", MAX_PER_USER);
        }
        return jdbc.sql("""
                insert into saved_views (user_id, entity, name, query, shared)
                values (:me, :entity, :name, :query, :shared) returning id""")
                .param("me", CurrentUser.id()).param("entity", entity.name()).param("name", name.strip())
                .param("query", cleaned).param("shared", shared).query(Long.class).single();
    }

    @Transactional
    public void delete(long id) {
        int deleted = jdbc.sql("delete from saved_views where id = :id and (user_id = :me or :admin)")
                .param("id", id).param("me", CurrentUser.id()).param("admin", CurrentUser.hasRole(Role.ADMIN))
                .update();
        if (deleted == 0) {
            throw new KlientException(HttpStatus.NOT_FOUND, "view.notFound");
        }
    }
}
