package app.klient.sales.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import app.klient.catalog.ProductView;
import app.klient.catalog.Products;
import app.klient.customers.Companies;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.customers.CompanyRow;
import app.klient.customers.CustomerQuery;
import app.klient.platform.DemoData;
import app.klient.sales.ContactRole;
import app.klient.sales.DealLineForm;
import app.klient.sales.PipelineView;
import app.klient.sales.Pipelines;
import app.klient.sales.StageView;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The demo company's funnel: deals with the demo customers at every stage, some won and some lost. */
@Component
@Order(20)
class DemoDeals implements DemoData {

    // what the demo salespeople typed is in their customer's language: Polish on Polish cards, Czech on Czech ones
    private static final String[] WHAT_PL = { "Roczna umowa serwisowa", "Nowa linia produkcyjna",
            "Flota 12 furgonetek", "Regały magazynowe", "Licencje ERP", "Meble biurowe", "Panele słoneczne",
            "Maszyny pakujące", "Komora chłodnicza", "Program szkoleń" };
    private static final String[] WHAT_CS = { "Roční servisní smlouva", "Nová výrobní linka", "Flotila 12 dodávek",
            "Skladové regály", "Licence ERP", "Kancelářský nábytek", "Solární panely", "Balicí stroje",
            "Chladicí box", "Školicí program" };
    private static final String[] LOST_PL = { "Cena", "Wybrali konkurencję" };
    private static final String[] LOST_CS = { "Cena", "Vybrali si konkurenci" };

    private final Companies companies;
    private final Pipelines pipelines;
    private final DealRepository deals;
    private final JdbcClient jdbc;
    private final Products products;
    private final DealLineStore lines;

    private final Contacts contacts;

    DemoDeals(Companies companies, Pipelines pipelines, DealRepository deals, JdbcClient jdbc, Products products,
            DealLineStore lines, Contacts contacts) {
        this.contacts = contacts;
        this.companies = companies;
        this.pipelines = pipelines;
        this.deals = deals;
        this.jdbc = jdbc;
        this.products = products;
        this.lines = lines;
    }

    @Override
    public void fill(Faker faker) {
        Random random = new Random(11);
        PipelineView pipeline = pipelines.defaultPipeline();
        List<StageView> stages = pipeline.stages();
        List<CompanyRow> customers = companies.list(CustomerQuery.none(), PageRequest.of(0, 150)).items();
        List<ProductView> catalog = products.options(null, 50);
        for (CompanyRow company : customers) {
            int count = random.nextInt(3) == 0 ? 2 : 1;
            for (int i = 0; i < count; i++) {
                int reached = random.nextInt(stages.size());
                boolean czech = "CZ".equals(company.country());
                String[] what = czech ? WHAT_CS : WHAT_PL;
                Deal deal = new Deal(what[random.nextInt(what.length)], pipeline.id(), stages.get(0).id());
                String currency = "CZ".equals(company.country()) ? "CZK" : "PLN";
                long amount = (5 + random.nextInt(96)) * ("CZK".equals(currency) ? 5000L : 1000L);
                deal.fill(deal.getName(), company.id(), company.ownerId(), null, BigDecimal.valueOf(amount), currency,
                        LocalDate.now().plusDays(7 + random.nextInt(180)), random.nextBoolean() ? "REFERRAL" : "WEB_FORM",
                        null);
                deal = deals.save(deal);
                List<ContactView> people = contacts.ofCompany(company.id());
                for (int p = 0; p < Math.min(2, people.size()); p++) {
                    jdbc.sql("insert into deal_contacts (deal_id, contact_id, role) values (:deal, :contact, :role)")
                            .param("deal", deal.getId()).param("contact", people.get(p).id())
                            .param("role", (p == 0 ? ContactRole.DECISION_MAKER : ContactRole.INFLUENCER).name())
                            .update();
                }
                if (!catalog.isEmpty() && random.nextInt(3) == 0) {
                    // every third deal is priced from the catalog, in the customer's language and currency
                    List<DealLineForm> wanted = new java.util.ArrayList<>();
                    for (int l = 1 + random.nextInt(3); l > 0; l--) {
                        wanted.add(new DealLineForm(catalog.get(random.nextInt(catalog.size())).id(), null,
                                BigDecimal.valueOf(1 + random.nextInt(4)), null,
                                BigDecimal.valueOf(random.nextInt(3) * 5L), null, null));
                    }
                    try {
                        lines.replace(deal.getId(), lines.price(wanted, currency, company.tags(),
                                Locale.forLanguageTag("CZ".equals(company.country()) ? "cs" : "pl"), null));
                        deal.amountFromLines(lines.total(deal.getId()));
                    }
                    catch (app.klient.platform.InvalidFields noPriceInThisCurrency) {
                        // a company currency other than PLN has no demo prices for Polish deals: they stay unpriced
                    }
                }
                Instant at = Instant.now().minus(20 + random.nextInt(200), ChronoUnit.DAYS);
                move(deal.getId(), null, stages.get(0).id(), "OPEN", at, company.ownerId());
                for (int s = 1; s <= reached; s++) {
                    at = at.plus(2 + random.nextInt(15), ChronoUnit.DAYS);
                    deal.moveTo(pipeline.id(), stages.get(s).id());
                    move(deal.getId(), stages.get(s - 1).id(), stages.get(s).id(), "OPEN", at, company.ownerId());
                }
                int fate = random.nextInt(10);
                if (fate < 2) {
                    deal.win();
                    move(deal.getId(), deal.getStageId(), deal.getStageId(), "WON", at, company.ownerId());
                }
                else if (fate < 3) {
                    String[] lost = czech ? LOST_CS : LOST_PL;
                    deal.lose(lost[random.nextBoolean() ? 0 : 1], "Konkurent s.r.o.");
                    move(deal.getId(), deal.getStageId(), deal.getStageId(), "LOST", at, company.ownerId());
                }
                deals.save(deal);
            }
        }
    }

    private void move(long deal, Long from, long to, String status, Instant at, Long by) {
        jdbc.sql("""
                insert into deal_stage_history (deal_id, from_stage_id, to_stage_id, status, moved_at, moved_by)
                values (:deal, :from, :to, :status, :at, :by)""")
                .param("deal", deal).param("from", from).param("to", to).param("status", status)
                .param("at", Timestamp.from(at)).param("by", by).update();
    }
}
