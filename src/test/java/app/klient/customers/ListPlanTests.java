package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import app.klient.support.WebTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.transaction.annotation.Transactional;

/**
 * The list and search queries can be answered from their indexes. The test database is small, so the planner
 * would rightly scan it; with sequential scans switched off for the transaction, a query that no index serves would
 * still show a Seq Scan. Timings at a million rows are the benchmarks' job (bench/, docs/benchmarks.md).
 */
@Transactional
class ListPlanTests extends WebTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "companies by name | select id from companies c order by lower(c.name), c.id limit 25 | companies_name_idx",
            "companies of an owner | select id from companies c where c.owner_id = 1 order by lower(c.name), c.id limit 25 | companies_owner_idx",
            "companies by stage | select id from companies c where c.lifecycle_stage = 'CUSTOMER' order by lower(c.name), c.id limit 25 | companies_stage_idx",
            "recently changed companies | select id from companies c order by c.updated_at desc, c.id desc limit 25 | companies_updated_idx",
            "company quick search | select id from companies c where c.search_text like '%nowak%' limit 25 | companies_search_idx",
            "company by tax id | select id from companies c where c.tax_id = '5260250995' | companies_tax_id_idx",
            "companies with a tag | select id from companies c where c.tags @> array['vip'] limit 25 | companies_tags_idx",
            "companies by custom field | select id from companies c where c.custom_fields @> '{\"region\": \"south\"}' limit 25 | companies_custom_idx",
            "contacts by name | select id from contacts c order by lower(c.last_name), coalesce(lower(c.first_name), ''), c.id limit 25 | contacts_sort_name_idx",
            "contacts by name after a cursor | select id from contacts c where (lower(c.last_name), coalesce(lower(c.first_name), ''), c.id) > ('nowak', 'jan', 5) and lower(c.last_name) >= 'nowak' order by lower(c.last_name), coalesce(lower(c.first_name), ''), c.id limit 26 | contacts_sort_name_idx",
            "contacts of an owner after a cursor | select id from contacts c where c.owner_id = 1 and (lower(c.last_name), coalesce(lower(c.first_name), ''), c.id) > ('nowak', 'jan', 5) and lower(c.last_name) >= 'nowak' order by lower(c.last_name), coalesce(lower(c.first_name), ''), c.id limit 26 | Index",
            "recently changed contacts after a cursor | select id from contacts c where (c.updated_at, c.id) < ('2026-01-01 00:00:00+00', 5) and c.updated_at <= '2026-01-01 00:00:00+00' order by c.updated_at desc, c.id desc limit 26 | contacts_updated_idx",
            "contacts of a company | select id from contacts c where c.company_id = 1 order by lower(c.last_name) limit 25 | contacts_company_idx",
            "contacts of an owner | select id from contacts c where c.owner_id = 1 order by lower(c.last_name) limit 25 | contacts_owner_idx",
            "contact quick search | select id from contacts c where c.search_text like '%601234%' limit 25 | contacts_search_idx",
            "contact by e-mail | select id from contacts c where c.emails @> array['jan@firma.pl'] | contacts_emails_idx",
            "contact by phone | select id from contacts c where c.phones @> array['+48601234567'] | contacts_phones_idx",
            "card timeline | select id from timeline_entries e where e.company_id = 1 order by e.occurred_at desc, e.id desc limit 30 | timeline_company_idx",
            "record history | select id from audit_events where entity_type = 'company' and entity_id = '1' order by occurred_at desc limit 30 | audit_events_entity_idx"
    })
    void the_query_uses_its_index(String what, String sql, String index) {
        jdbc.sql("set local enable_seqscan = off").update();
        List<String> plan = jdbc.sql("explain " + sql).query(String.class).list();
        String text = String.join("\n", plan);
        assertThat(text).as(what + "\n" + text).contains(index).doesNotContain("Seq Scan");
    }
}
