package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.identity.internal.ApiTokens;
import app.klient.support.Http;
import app.klient.support.OpenApi;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guard: who may call what. Every operation of the OpenAPI document and every page route must be in one declared
 * table ({@code authorization-matrix.txt}); each is then called with no credentials, a revoked token and each role,
 * on a record its caller owns and one somebody else owns, and must answer as the table says: allowed means anything
 * but 401 and 403, refused means 403 that tells nothing of the record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTests extends WebTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> PAGE_METHODS = Set.of("GET", "POST");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");
    private static final List<Role> ROLES = List.of(Role.values());

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    ApiTokens apiTokens;

    /** Put into the name of every record made here: a refusal whose body contains it has leaked the record. */
    private final String marker = "Zq" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<Role, UserSummary> users = new LinkedHashMap<>();
    private final Map<Role, Http> apis = new LinkedHashMap<>();
    private final Map<Role, Http> browsers = new LinkedHashMap<>();
    private UserSummary owner;
    private Http ownerApi;
    private Http ownerBrowser;
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Map<String, String> versions = new LinkedHashMap<>();

    record Rule(String method, String path, Set<Role> who, boolean own, String body, int line) {

        boolean isPublic() {
            return who == null;
        }

        boolean api() {
            return path.startsWith("/api/");
        }

        String key() {
            return method + " " + path;
        }
    }

    @BeforeAll
    void people() {
        for (Role role : ROLES) {
            UserSummary user = testUsers.create(role);
            users.put(role, user);
            apis.put(role, api(user));
        }
        owner = testUsers.create(Role.SALES);
        ownerApi = api(owner);
        // own, team, other: the salesperson whose records are "own" is the manager's teammate, and managers change
        // their team's records only while this test runs (identity.RecordAccess), so the manager meets a teammate's
        // record (allowed) and another's (refused) on every line marked own
        testUsers.inNewTeam(users.get(Role.MANAGER), owner);
        jdbc.sql("update access_rules set change_scope = 'TEAM' where role = 'MANAGER'").update();
    }

    /** What the administrators' calls set up here stops acting, so the tests after it meet the usual Klient. */
    @org.junit.jupiter.api.AfterAll
    void retireWhatWasMade() {
        jdbc.sql("update access_rules set change_scope = 'ALL' where role = 'MANAGER'").update();
        for (String table : List.of("web_forms", "lead_scoring_rules", "document_templates", "email_templates",
                "mailboxes", "canned_responses", "alert_rules", "ticket_categories", "surveys")) {
            jdbc.sql("update " + table + " set active = false where name like :marker").param("marker", marker + "%")
                    .update();
        }
    }

    @Test
    void every_operation_and_page_route_is_in_the_table() {
        Set<String> declared = new TreeSet<>();
        table().forEach(rule -> declared.add(rule.key()));
        Set<String> served = served();
        Set<String> missing = new TreeSet<>(served);
        missing.removeAll(declared);
        Set<String> stale = new TreeSet<>(declared);
        stale.removeAll(served);
        assertThat(missing).as("operations and page routes missing from authorization-matrix.txt").isEmpty();
        assertThat(stale).as("entries of authorization-matrix.txt that Klient no longer serves").isEmpty();
    }

    @Test
    void every_operation_and_page_answers_each_role_as_the_table_says() {
        long started = System.nanoTime();
        records();
        browsers();
        String revoked = revokedToken();
        List<Rule> rules = table();
        Http nobody = Http.on(port);
        Http revokedCaller = Http.on(port).bearer(revoked);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Call> allowed = java.util.Collections.synchronizedList(new ArrayList<>());
        // refusals first (they change nothing, so they run side by side): an allowed call may change or delete the
        // record a later refusal is tried on
        inParallel(rules, rule -> {
            String others = path(rule, false);
            if (!rule.isPublic()) {
                Http.Response anonymous = send(rule.api() ? nobody : signedOut(), rule, others);
                if (rule.api()) {
                    expect(failures, rule, "no token", anonymous, 401);
                }
                else if (anonymous.status() != 302 || !String.valueOf(anonymous.location()).startsWith("/login")) {
                    failures.add(rule.key() + " without signing in: " + anonymous.status() + ", not a redirect to "
                            + "the login page");
                }
                if (rule.api()) {
                    expect(failures, rule, "a revoked token", send(revokedCaller, rule, others), 401);
                }
            }
            for (Role role : ROLES) {
                boolean mayAtAll = rule.isPublic() || rule.who().contains(role);
                boolean mayOthers = mayAtAll && (!rule.own() || role == Role.ADMIN
                        || role == Role.MANAGER && !governedByRecordAccess(rule));
                Http caller = rule.api() ? apis.get(role) : browsers.get(role);
                if (!mayOthers) {
                    refused(failures, rule, role + " on another's record", send(caller, rule, others));
                }
                else {
                    allowed.add(new Call(rule, role.name() + " on another's record", caller, others, false));
                }
            }
            if (rule.own()) {
                allowed.add(new Call(rule, "SALES on its own record", rule.api() ? ownerApi : ownerBrowser,
                        path(rule, true), true));
                if (rule.who().contains(Role.MANAGER) && governedByRecordAccess(rule)) {
                    allowed.add(new Call(rule, "MANAGER on a teammate's record", rule.api() ? apis.get(Role.MANAGER)
                            : browsers.get(Role.MANAGER), path(rule, true), true));
                }
            }
        });
        // allowed means anything but 401 and 403, so calls that meet each other's changes (409, 404) still count
        inParallel(List.copyOf(allowed), call -> {
            Http.Response response = send(call.caller(), call.rule(), call.path(), call.own());
            if (response.status() == 401 || response.status() == 403) {
                failures.add(call.rule().key() + " (line " + call.rule().line() + ") refused " + call.who() + " at "
                        + call.path() + ": " + response.status());
            }
        });
        System.out.printf("authorization matrix: %d entries, %d allowed calls, %.1f s%n", rules.size(), allowed.size(),
                (System.nanoTime() - started) / 1e9);
        assertThat(failures).as("answers that differ from authorization-matrix.txt").isEmpty();
    }

    /** The kinds of record whose changing follows the administrator's rules (identity.RecordKind), by collection. */
    /** Records whose author and managers change them by a rule of their own, not the administrator's. */
    private static final Set<String> OWN_RULES = Set.of("notes", "tasks", "reports");

    private static final Set<String> RULED = Set.of("companies", "contacts", "leads", "deals", "quotes", "orders",
            "invoices", "tickets", "activities", "documents");

    /**
     * Whether a line's record is one the record access rules govern: the kind of the path's first variable, unless
     * the path reaches a note, task or report ({@code /contacts/{id}/notes/{noteId}}), which its author and managers
     * change by a rule of its own.
     */
    private static boolean governedByRecordAccess(Rule rule) {
        Matcher m = VARIABLE.matcher(rule.path());
        String kind = null;
        while (m.find()) {
            String named = kind(rule.path().substring(0, m.start()), m.group(1));
            if (OWN_RULES.contains(named)) {
                return false;
            }
            // a line of a deal (/deals/{id}/lines/{lineId}) is the deal's
            kind = kind == null ? named : kind;
        }
        if (kind == null && rule.body() != null) {
            // no record in the path: the one the body names ({"orderId": $orders} invoices another's order)
            Matcher named = Pattern.compile("\\$([a-z]+)").matcher(rule.body());
            while (kind == null && named.find()) {
                kind = RULED.contains(named.group(1)) ? named.group(1) : null;
            }
        }
        return kind != null && RULED.contains(kind);
    }

    record Call(Rule rule, String who, Http caller, String path, boolean own) {
    }

    /** A browser of its own for each call: one session shared by calls side by side is not what a visitor does. */
    private Http signedOut() {
        Http browser = browser();
        browser.get("/login");
        return browser;
    }

    /** Four callers at a time: the matrix is thousands of requests, and the server is what it measures. */
    private static <T> void inParallel(List<T> items, java.util.function.Consumer<T> action) {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(4);
        try {
            pool.submit(() -> items.parallelStream().forEach(action)).get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        finally {
            pool.shutdown();
        }
    }

    private void refused(List<String> failures, Rule rule, String who, Http.Response response) {
        if (response.status() != 403) {
            failures.add(rule.key() + " (line " + rule.line() + ") answered " + who + " " + response.status()
                    + ", not 403");
            return;
        }
        if (rule.api() && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
            failures.add(rule.key() + " refused " + who + " without problem+json: " + response.contentType());
        }
        if (response.body().contains(marker)) {
            failures.add(rule.key() + " refused " + who + " but its answer shows the record");
        }
    }

    private static void expect(List<String> failures, Rule rule, String who, Http.Response response, int status) {
        if (response.status() != status) {
            failures.add(rule.key() + " (line " + rule.line() + ") answered " + who + " " + response.status()
                    + ", not " + status);
        }
    }

    private Http.Response send(Http caller, Rule rule, String path) {
        return send(caller, rule, path, false);
    }

    private Http.Response send(Http caller, Rule rule, String path, boolean own) {
        String body = body(rule, own);
        if (body.startsWith("csv:")) {
            return caller.postRaw(path, "text/csv", body.substring(4).replace("\\n", "\n"));
        }
        return switch (rule.method()) {
            case "GET" -> caller.get(path);
            case "DELETE" -> caller.delete(path);
            case "PUT" -> caller.putJson(path, body);
            case "PATCH" -> caller.patchJson(path, body);
            case "POST" -> rule.api() ? caller.postJson(path, body) : caller.postForm(path, form(body));
            default -> throw new IllegalStateException(rule.method());
        };
    }

    /** The table's body with the fixtures' ids and versions filled in; an empty object when it gives none. */
    private String body(Rule rule, boolean own) {
        if (rule.body() == null) {
            return "{}";
        }
        String body = rule.body();
        for (String kind : ids.keySet().stream().filter(k -> !k.startsWith("own.")).toList()) {
            String key = own && ids.containsKey("own." + kind) ? "own." + kind : kind;
            body = body.replace("$" + kind + "Version", versions.getOrDefault(key, "0"))
                    .replace("$" + kind, ids.get(key));
        }
        return body.replace("$marker", marker).replace("$tomorrow", OffsetDateTime.now().plusDays(1).toString());
    }

    private static Map<String, String> form(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        JSON.readTree(json).properties().forEach(e -> fields.put(e.getKey(), e.getValue().isValueNode()
                ? e.getValue().asString() : e.getValue().toString()));
        return fields;
    }

    /** The path with each variable replaced by the id of a fixture of its kind, the caller's or another's. */
    private String path(Rule rule, boolean own) {
        Matcher m = VARIABLE.matcher(rule.path());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String before = rule.path().substring(0, m.start());
            String kind = kind(before, m.group(1));
            String id = ids.getOrDefault((own ? "own." : "") + kind, ids.getOrDefault(kind, "987654321"));
            m.appendReplacement(path, Matcher.quoteReplacement(id));
        }
        m.appendTail(path);
        return path.toString();
    }

    /** The kind of record a variable names: the collection before it ({@code /quotes/{id}} is a quote). */
    private static String kind(String before, String variable) {
        if (variable.equals("noteId")) {
            return "notes";
        }
        if (variable.equals("contactId")) {
            return "contacts";
        }
        if (!variable.equals("id")) {
            return variable;
        }
        String[] segments = before.split("/");
        return segments[segments.length - 1];
    }

    // ---------------------------------------------------------------- what Klient serves

    private Set<String> served() {
        Set<String> served = new TreeSet<>();
        OpenApi.of(browser().get("/api/openapi").body()).operations()
                .forEach(operation -> served.add(operation.method() + " " + normalize(operation.path())));
        mappings.getHandlerMethods().forEach((info, handler) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    continue;
                }
                if (!handler.getBeanType().getPackageName().startsWith("app.klient")) {
                    continue;
                }
                for (String method : methods.isEmpty() ? PAGE_METHODS : methods.stream().map(Enum::name).toList()) {
                    if (PAGE_METHODS.contains(method)) {
                        pages(pattern).forEach(page -> served.add(method + " " + page));
                    }
                }
            }
        });
        return served;
    }

    private static final Pattern ALTERNATIVES = Pattern.compile("\\{\\w+:([a-z|]+)}");
    private static final Pattern CONSTRAINED = Pattern.compile("\\{(\\w+):[^}]*}");

    /** A route as the table writes it: {@code {id:\\d+}} as {@code {id}}, {@code {kind:companies|contacts}} as both. */
    static List<String> pages(String pattern) {
        Matcher alternatives = ALTERNATIVES.matcher(pattern);
        if (alternatives.find()) {
            List<String> pages = new ArrayList<>();
            for (String literal : alternatives.group(1).split("\\|")) {
                pages.addAll(pages(pattern.substring(0, alternatives.start()) + literal
                        + pattern.substring(alternatives.end())));
            }
            return pages;
        }
        return List.of(normalize(CONSTRAINED.matcher(pattern).replaceAll("{$1}")));
    }

    private static String normalize(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    // ---------------------------------------------------------------- the declared table

    static List<Rule> table() {
        List<Rule> rules = new ArrayList<>();
        try (InputStream in = AuthorizationMatrixTests.class.getResourceAsStream("/authorization-matrix.txt")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+", 4);
                if (parts.length < 3) {
                    throw new IllegalStateException("authorization-matrix.txt line " + (i + 1) + ": " + line);
                }
                String rest = parts.length > 3 ? parts[3].strip() : "";
                boolean own = rest.equals("own") || rest.startsWith("own ");
                if (own) {
                    rest = rest.substring(3).strip();
                }
                rules.add(new Rule(parts[0], parts[1], who(parts[2]), own, rest.isEmpty() ? null : rest, i + 1));
            }
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return rules;
    }

    private static Set<Role> who(String who) {
        return switch (who) {
            case "public" -> null;
            case "everyone" -> EnumSet.allOf(Role.class);
            case "writers" -> EnumSet.complementOf(EnumSet.of(Role.READ_ONLY));
            default -> {
                Set<Role> roles = EnumSet.noneOf(Role.class);
                for (String name : who.split(",")) {
                    roles.add(Role.valueOf(name));
                }
                yield roles;
            }
        };
    }

    // ---------------------------------------------------------------- fixtures

    private void browsers() {
        for (Role role : ROLES) {
            browsers.put(role, signedIn(users.get(role)));
            // the sign-in changed the session's CSRF token: take the new one from a page
            browsers.get(role).get("/account");
        }
        ownerBrowser = signedIn(owner);
        ownerBrowser.get("/account");
    }

    private String revokedToken() {
        UserSummary user = testUsers.create(Role.ADMIN);
        var issued = apiTokens.issue(user.id(), "revoked", Instant.now().plus(Duration.ofDays(1)));
        apiTokens.revoke(user.id(), issued.token().id());
        return issued.secret();
    }

    /**
     * One record of each kind owned by another salesperson ({@code ids}), and the same owned by the salesperson who
     * calls "on its own record" ({@code own.} ids).
     */
    private void records() {
        Http admin = apis.get(Role.ADMIN);
        for (boolean own : new boolean[] { false, true }) {
            // the others' records belong to a salesperson who calls nothing here
            UserSummary creator = own ? owner : testUsers.create(Role.SALES);
            Http api = own ? ownerApi : api(creator);
            String p = own ? "own." : "";
            String ownerId = ", \"ownerId\": " + creator.id();
            put(p + "owner", creator.id());
            // with the address every invoice names (FA(3) refuses a buyer without one)
            JsonNode companyNode = api.postJson("/api/v1/companies", "{\"name\": \"" + marker + " company\"" + ownerId
                    + ", \"billingAddress\": {\"street\": \"ul. Macierzowa 1\", \"city\": \"Łódź\", "
                    + "\"postalCode\": \"90-001\", \"country\": \"PL\"}}").json();
            long company = companyNode.get("id").asLong();
            put(p + "companies", company, companyNode);
            JsonNode contact = api.postJson("/api/v1/contacts", "{\"lastName\": \"" + marker + " contact\", "
                    + "\"companyId\": " + company + ownerId + ", \"emails\": [\"" + marker.toLowerCase()
                    + "@matrix.test\"]}")
                    .json();
            put(p + "contacts", contact.get("id").asLong(), contact);
            JsonNode deal = api.postJson("/api/v1/deals", "{\"name\": \"" + marker + " deal\", \"companyId\": "
                    + company + ownerId + "}").json();
            put(p + "deals", deal.get("id").asLong(), deal);
            JsonNode lead = api.postJson("/api/v1/leads", "{\"lastName\": \"" + marker + " lead\"" + ownerId + "}").json();
            put(p + "leads", lead.get("id").asLong(), lead);
            String line = "\"lines\": [{\"description\": \"" + marker + " line\", \"quantity\": 1, "
                    + "\"unitPrice\": 100, \"taxRate\": 23}]";
            JsonNode quote = api.postJson("/api/v1/quotes", "{\"companyId\": " + company + ", " + line + "}").json();
            put(p + "quotes", quote.get("id").asLong(), quote);
            JsonNode order = api.postJson("/api/v1/orders", "{\"companyId\": " + company + ", " + line + "}").json();
            put(p + "orders", order.get("id").asLong(), order);
            JsonNode invoice = api.postJson("/api/v1/invoices", "{\"companyId\": " + company + ", " + line + "}")
                    .json();
            put(p + "invoices", invoice.get("id").asLong(), invoice);
            JsonNode activity = api.postJson("/api/v1/activities", "{\"type\": \"MEETING\", \"subject\": \"" + marker
                    + " meeting\", \"occurredAt\": \"" + OffsetDateTime.now().plusDays(2) + "\", \"contactId\": "
                    + contact.get("id").asLong() + "}").json();
            put(p + "activities", activity.get("id").asLong(), activity);
            JsonNode task = api.postJson("/api/v1/tasks", "{\"title\": \"" + marker + " task\", \"dueAt\": \""
                    + OffsetDateTime.now().plusDays(1) + "\"}").json();
            put(p + "tasks", task.get("id").asLong(), task);
            long note = api.postJson("/api/v1/companies/" + company + "/notes", "{\"body\": \"" + marker
                    + " note\"}").json().get("id").asLong();
            put(p + "notes", note);
            JsonNode report = api.postJson("/api/v1/analytics/reports", "{\"name\": \"" + marker + " report\", "
                    + "\"definition\": {\"subject\": \"deals\"}}").json();
            put(p + "reports", report.get("id").asLong(), report);
            JsonNode project = api.postJson("/api/v1/projects", "{\"name\": \"" + marker + " project\", "
                    + "\"companyId\": " + company + ", \"startsOn\": \"2026-12-01\"}").json();
            long projectId = project.get("id").asLong();
            put(p + "projects", projectId, project);
            JsonNode milestone = api.postJson("/api/v1/projects/" + projectId + "/milestones", "{\"name\": \""
                    + marker + " milestone\", \"dueOn\": \"2026-12-20\"}").json();
            put(p + "milestoneId", milestone.get("id").asLong(), milestone);
            JsonNode entry = api.postJson("/api/v1/projects/" + projectId + "/time", "{\"workedOn\": \""
                    + java.time.LocalDate.now() + "\", \"minutes\": 30}").json();
            put(p + "entryId", entry.get("id").asLong(), entry);
        }
        JsonNode template = admin.postJson("/api/v1/project-templates", "{\"name\": \"" + marker
                + " template\", \"items\": [{\"key\": \"m\", \"kind\": \"MILESTONE\", \"title\": \"Done\", "
                + "\"offsetDays\": 5}]}").json();
        put("project-templates", template.get("id").asLong(), template);
        put("templates", template.get("id").asLong(), template);
        JsonNode ticket = apis.get(Role.SUPPORT).postJson("/api/v1/tickets", "{\"subject\": \"" + marker
                + " ticket\", \"description\": \"" + marker + "\", \"companyId\": " + ids.get("companies") + "}")
                .json();
        if (ticket.has("id")) {
            put("tickets", ticket.get("id").asLong(), ticket);
        }
        // ---- marketing segments: a static list (members, import and snapshot work on it)
        JsonNode segment = admin.postJson("/api/v1/marketing/segments", "{\"name\": \"" + marker
                + " list\", \"kind\": \"STATIC\"}").json();
        if (segment.has("id")) {
            put("segments", segment.get("id").asLong(), segment);
        }
        // ---- automation: a rule (switched off) and a run of it on the deal
        JsonNode rule = admin.postJson("/api/v1/automation/rules", "{\"name\": \"" + marker + " rule\", "
                + "\"recordType\": \"deal\", \"trigger\": {\"kind\": \"DEAL_WON\"}, \"actions\": [{\"type\": "
                + "\"NOTIFY\", \"who\": \"OWNER\", \"text\": \"x\"}]}").json();
        if (rule.has("id")) {
            put("rules", rule.get("id").asLong(), rule);
            put("runs", jdbc.sql("""
                    insert into automation_runs (rule_id, record_type, record_id, state, finished_at)
                    values (:rule, 'deal', :deal, 'DONE', now()) returning id""").param("rule", rule.get("id").asLong())
                    .param("deal", Long.parseLong(ids.getOrDefault("deals", "0"))).query(Long.class).single());
        }
        // ---- surveys: one asked by hand, with an answer from the others' contact
        JsonNode survey = admin.postJson("/api/v1/surveys", "{\"name\": \"" + marker + " asked\", \"kind\": "
                + "\"NPS\", \"trigger\": \"MANUAL\"}").json();
        if (survey.has("id")) {
            put("surveys", survey.get("id").asLong(), survey);
            long invitation = jdbc.sql("""
                    insert into survey_invitations (survey_id, contact_id, address, language, token_hash, cause_kind,
                        cause_id, expires_at, answered_at)
                    values (:survey, :contact, 'matrix@matrix.test', 'en', md5(:marker) || md5(:marker || 'x'),
                        'MANUAL', :contact, now() + interval '1 day', now()) returning id""")
                    .param("survey", survey.get("id").asLong()).param("contact", Long.parseLong(ids.get("contacts")))
                    .param("marker", marker).query(Long.class).single();
            long response = jdbc.sql("""
                    insert into survey_responses (invitation_id, survey_id, kind, contact_id, score, language)
                    values (:invitation, :survey, 'NPS', :contact, 9, 'en') returning id""")
                    .param("invitation", invitation).param("survey", survey.get("id").asLong())
                    .param("contact", Long.parseLong(ids.get("contacts"))).query(Long.class).single();
            put("survey-responses", response);
            put("responses", response);
        }
        UserSummary victim = testUsers.create(Role.SALES);
        put("users", victim.id());
        ids.putIfAbsent("teams", String.valueOf(admin.get("/api/v1/teams").json().path(0).path("id").asLong(1)));
        ids.put("kpis", "new-customers");
    }

    private void put(String kind, long id) {
        ids.put(kind, String.valueOf(id));
    }

    private void put(String kind, long id, JsonNode record) {
        put(kind, id);
        if (record.has("version")) {
            versions.put(kind, String.valueOf(record.get("version").asInt()));
        }
    }
}
