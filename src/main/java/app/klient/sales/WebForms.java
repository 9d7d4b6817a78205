package app.klient.sales;

import java.util.List;
import java.util.Optional;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Public web-to-lead forms, one per campaign, embeddable in any site. A post is refused when the honeypot field is
 * filled, when its address has posted too often lately, or when a field holds markup.
 */
@Service
public class WebForms {

    private final JdbcClient jdbc;
    private final Leads leads;
    private final int postsPerWindow;
    private final int windowMinutes;
    private final List<ConsentQuestions> consentQuestions;
    private final org.springframework.context.ApplicationEventPublisher events;

    WebForms(JdbcClient jdbc, Leads leads, @Value("${klient.web-forms.posts-per-address:5}") int postsPerWindow,
            @Value("${klient.web-forms.window-minutes:10}") int windowMinutes,
            List<ConsentQuestions> consentQuestions, org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.consentQuestions = consentQuestions;
        this.events = events;
        this.leads = leads;
        this.postsPerWindow = postsPerWindow;
        this.windowMinutes = windowMinutes;
    }

    public record WebForm(long id, String key, String name, String campaign, Long teamId, Long ownerId,
            boolean active) {
    }

    public record Definition(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{2,39}", message = "{webForm.key}") String key,
            @NotBlank @Size(max = 100) String name, @Size(max = 100) String campaign, Long teamId, Long ownerId) {
    }

    /** What a visitor typed: the lead's fields, the UTM parameters the page was opened with, and the honeypot. */
    public record Submission(String firstName, String lastName, String email, String phone, String companyName,
            String message, String utmSource, String utmMedium, String utmCampaign, String utmTerm,
            String utmContent, String website) {
    }

    @Transactional
    public WebForm define(Definition definition) {
        if (jdbc.sql("select count(*) from web_forms where form_key = :key").param("key", definition.key())
                .query(Long.class).single() > 0) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("key", "webForm.keyTaken")));
        }
        long id = jdbc.sql("""
                insert into web_forms (form_key, name, campaign, team_id, owner_id)
                values (:key, :name, :campaign, :team, :owner) returning id""")
                .param("key", definition.key()).param("name", definition.name().strip())
                .param("campaign", definition.campaign()).param("team", definition.teamId())
                .param("owner", definition.ownerId()).query(Long.class).single();
        return find(definition.key()).filter(f -> f.id() == id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<WebForm> list() {
        return jdbc.sql("select * from web_forms order by id").query((rs, n) -> form(rs)).list();
    }

    @Transactional(readOnly = true)
    public Optional<WebForm> find(String key) {
        return jdbc.sql("select * from web_forms where form_key = :key").param("key", key)
                .query((rs, n) -> form(rs)).optional();
    }

    /** The consent checkboxes a form shows, in the visitor's language. */
    public List<ConsentQuestions.Question> consentQuestions(java.util.Locale locale) {
        return consentQuestions.stream().flatMap(q -> q.ask(locale).stream()).toList();
    }

    @Transactional(noRollbackFor = KlientException.class)
    public long submit(String key, Submission post, String address) {
        return submit(key, post, address, List.of(), java.util.Locale.ENGLISH);
    }

    /**
     * Checks a post and, when it passes, makes the lead. Nothing is stored for a refused post except its address.
     * {@code ticked} are the keys of the consent boxes the visitor ticked on the form shown in {@code locale}; the
     * wording recorded is the one Klient showed, not anything the post says.
     */
    @Transactional(noRollbackFor = KlientException.class)
    public long submit(String key, Submission post, String address, List<String> ticked, java.util.Locale locale) {
        WebForm form = find(key).filter(WebForm::active).orElseThrow(() -> KlientException.notFound("webForm.notFound"));
        long recent = jdbc.sql("""
                select count(*) from web_form_posts
                where address = :address and posted_at > now() - make_interval(mins => :minutes)""")
                .param("address", address).param("minutes", windowMinutes).query(Long.class).single();
        jdbc.sql("insert into web_form_posts (address) values (:address)").param("address", address).update();
        if (recent >= postsPerWindow) {
            throw new KlientException(org.springframework.http.HttpStatus.TOO_MANY_REQUESTS, "webForm.tooMany");
        }
        if (post.website() != null && !post.website().isEmpty()) {
            throw KlientException.invalid("webForm.spam");
        }
        InvalidFields.Collector errors = new InvalidFields.Collector();
        check(errors, "firstName", post.firstName(), 100);
        check(errors, "lastName", post.lastName(), 100);
        check(errors, "email", post.email(), 254);
        check(errors, "phone", post.phone(), 40);
        check(errors, "companyName", post.companyName(), 200);
        check(errors, "message", post.message(), 2000);
        if (post.email() == null || post.email().isBlank()) {
            errors.add("email", "webForm.emailRequired");
        }
        errors.throwIfAny();
        LeadForm lead = new LeadForm(post.firstName(), post.lastName(), post.email(), post.phone(),
                post.companyName(), null, null, post.message(), utm(post.utmSource()), utm(post.utmMedium()),
                post.utmCampaign() == null || post.utmCampaign().isBlank() ? form.campaign() : utm(post.utmCampaign()),
                utm(post.utmTerm()), utm(post.utmContent()), null, null, null, null, null, null, null, null,
                form.teamId(), null);
        // checked here, before the lead is opened: a refusal from inside would roll back this whole post (and its
        // place in the rate limit) and answer 500 instead of naming the field
        leads.check(lead);
        long leadId = leads.captureFromForm(lead, form.id(), form.teamId(), form.ownerId(),
                locale.getLanguage());
        List<ConsentQuestions.Question> agreed = ticked == null || ticked.isEmpty() ? List.of()
                : consentQuestions(locale).stream().filter(q -> ticked.contains(q.key())).toList();
        events.publishEvent(new LeadCaptured(leadId, form.id(), post.email().strip(), locale.getLanguage(), address,
                agreed));
        return leadId;
    }

    private static void check(InvalidFields.Collector errors, String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            errors.add(field, "error.tooLong", max);
        }
        else if (value.contains("<") || value.contains(">")) {
            errors.add(field, "webForm.markup");
        }
    }

    /** UTM values come from the address bar: anything odd is dropped rather than refused. */
    private static String utm(String value) {
        return value == null || value.length() > 100 || !value.matches("[\\p{L}\\p{N} ._+:/-]*") ? null : value;
    }

    private static WebForm form(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new WebForm(rs.getLong("id"), rs.getString("form_key"), rs.getString("name"),
                rs.getString("campaign"), (Long) rs.getObject("team_id"), (Long) rs.getObject("owner_id"),
                rs.getBoolean("active"));
    }
}
