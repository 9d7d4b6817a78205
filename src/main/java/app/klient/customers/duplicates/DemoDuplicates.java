package app.klient.customers.duplicates;

import app.klient.customers.CustomerType;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a real customer database has: a few companies and people entered twice (typed without diacritics, a branch
 * with the head office's tax id, a second card with the same e-mail), so the review queue has work on the first
 * start. Made last, so the second cards are as bare as a record typed in again: every merge of them goes through.
 */
@Component
@Order(1000)
class DemoDuplicates implements DemoData {

    private final JdbcClient jdbc;
    private final DuplicateFinder finder;

    DemoDuplicates(JdbcClient jdbc, DuplicateFinder finder) {
        this.jdbc = jdbc;
        this.finder = finder;
    }

    @Override
    public void fill(Faker faker) {
        String copy = """
                insert into companies (name, legal_name, country, tax_id, vat_id, registration_number, industry,
                                       website, email, phones, billing_street, billing_city, billing_postal_code,
                                       billing_country, owner_id, lifecycle_stage, search_text, created_at, updated_at)
                select %s, null, country, %s, null, null, industry, null, %s, %s, billing_street, billing_city,
                       billing_postal_code, billing_country, owner_id, 'LEAD', search_text,
                       now() - interval '20 days', now() - interval '20 days'
                  from companies order by id offset :at limit 1""";
        // typed again without diacritics and in capitals
        jdbc.sql(copy.formatted("upper(public.unaccent(name))", "null", "null", "'{}'")).param("at", 4).update();
        // a branch entered with the head office's tax id
        jdbc.sql(copy.formatted("name || ' – oddział'", "tax_id", "null", "'{}'")).param("at", 17).update();
        // the same e-mail and phone under a shorter name
        jdbc.sql(copy.formatted("split_part(name, ' ', 1)", "null", "email", "phones")).param("at", 41).update();
        jdbc.sql("""
                insert into contacts (first_name, last_name, emails, phones, job_title, company_id, city, country,
                                      owner_id, search_text, created_at, updated_at)
                select public.unaccent(first_name), public.unaccent(last_name), emails, '{}', job_title, company_id,
                       city, country, owner_id, search_text, now() - interval '10 days', now() - interval '10 days'
                  from contacts where emails <> '{}' order by id offset :at limit 1""")
                .param("at", 9).update();
        jdbc.sql("""
                insert into contacts (first_name, last_name, emails, phones, company_id, city, country, owner_id,
                                      search_text, created_at, updated_at)
                select first_name, last_name, '{}', phones, company_id, city, country, owner_id, search_text,
                       now() - interval '5 days', now() - interval '5 days'
                  from contacts where phones <> '{}' and company_id is not null order by id offset :at limit 1""")
                .param("at", 30).update();
        finder.rebuild(CustomerType.COMPANY);
        finder.rebuild(CustomerType.CONTACT);
    }
}
