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
import app.klient.platform.SearchText;
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

/**
 * The demo company's funnel: three years of deals won and lost before it, then deals with the demo customers at
 * every stage, some won and some lost.
 */
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
        history(pipeline, stages);
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

    /**
     * The deals closed before the open funnel's (which began about seven months ago): from three years back, more
     * each year and in autumn, two in five won after passing every stage, the others lost at the stage they reached,
     * each with its stage history. Set by set in SQL, so the first start stays quick.
     */
    private void history(PipelineView pipeline, List<StageView> stages) {
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        java.util.Map<LocalDate, Integer> months = DemoData.perMonth(35, zone);
        LocalDate openFunnel = LocalDate.now(zone).minusMonths(7).withDayOfMonth(1);
        months.keySet().removeIf(first -> !first.isBefore(openFunnel));
        jdbc.sql("select setseed(0.11)").query((rs, n) -> 1).list();
        jdbc.sql("""
                create temporary table demo_deal_history on commit drop as
                with months as (select m.first, m.count, (m.first + interval '1 month')::date - m.first as days
                                from unnest(cast(:firsts as date[]), cast(:counts as int[])) m(first, count)),
                picked as (
                    select m.first + floor(random() * m.days)::int as day, random() as fate,
                           floor(random() * :stages)::int as reached, 5 + floor(random() * 96)::int as size,
                           1 + floor(random() * 1000000)::int as which
                    from months m cross join lateral generate_series(1, m.count) k),
                customers as materialized (select array_agg(id order by id) as ids from companies
                                           where owner_id is not null)
                select nextval(pg_get_serial_sequence('deals', 'id')) as id, co.id as company_id, co.owner_id,
                       co.country = 'CZ' as czech, p.fate < 0.4 as won,
                       case when p.fate < 0.4 then :stages - 1 else p.reached end as reached, p.size, p.fate,
                       ((p.day + time '09:00') at time zone :zone) as created_at, p.which
                from picked p cross join customers c
                join companies co on co.id = c.ids[1 + p.which % array_length(c.ids, 1)]
                where co.created_at < (p.day + time '09:00') at time zone :zone""")
                .param("firsts", months.keySet().stream().map(java.sql.Date::valueOf).toArray(java.sql.Date[]::new))
                .param("counts", months.values().toArray(Integer[]::new)).param("stages", stages.size())
                .param("zone", zone.getId()).update();
        // a stage lasts 3 to 17 days; the deal closes 1 to 7 days after its last move
        jdbc.sql("""
                create temporary table demo_deal_moves on commit drop as
                select h.id as deal_id, k.stage, h.created_at + sum(case when k.stage = 0 then 0
                           else 3 + (h.which * (k.stage + 7)) % 15 end) over (partition by h.id order by k.stage)
                           * interval '1 day' as at
                from demo_deal_history h cross join lateral generate_series(0, h.reached) k(stage)""").update();
        Long[] stageIds = stages.stream().map(StageView::id).toArray(Long[]::new);
        jdbc.sql("""
                insert into deals (id, name, pipeline_id, stage_id, company_id, owner_id, amount, currency,
                                   expected_close_date, source, status, lost_reason, competitor, closed_at,
                                   stage_entered_at, search_text, created_at, updated_at)
                select h.id, n.name, :pipeline, (cast(:stageIds as bigint[]))[h.reached + 1], h.company_id,
                       h.owner_id, h.size * case when h.czech then 5000 else 1000 end,
                       case when h.czech then 'CZK' else 'PLN' end, (h.created_at + interval '60 days')::date,
                       case when h.which % 2 = 0 then 'REFERRAL' else 'WEB_FORM' end,
                       case when h.won then 'WON' else 'LOST' end,
                       case when not h.won then (case when h.czech then cast(:lostCs as text[])
                            else cast(:lostPl as text[]) end)[1 + h.which % 2] end,
                       case when not h.won then 'Konkurent s.r.o.' end, c.closed_at, m.last_move,
                       lower(n.folded || ' ' || case when h.which % 2 = 0 then 'referral' else 'web_form' end),
                       h.created_at, c.closed_at
                from demo_deal_history h
                cross join lateral (select max(at) as last_move from demo_deal_moves where deal_id = h.id) m
                cross join lateral (select m.last_move + (1 + h.which % 7) * interval '1 day' as closed_at) c
                cross join lateral (select case when h.czech then (cast(:namesCs as text[]))[1 + h.which % :names]
                                           else (cast(:namesPl as text[]))[1 + h.which % :names] end as name,
                                           case when h.czech then (cast(:foldedCs as text[]))[1 + h.which % :names]
                                           else (cast(:foldedPl as text[]))[1 + h.which % :names] end as folded) n
                order by h.id""")
                .param("pipeline", pipeline.id()).param("stageIds", stageIds)
                .param("lostPl", LOST_PL).param("lostCs", LOST_CS).param("namesPl", WHAT_PL)
                .param("namesCs", WHAT_CS).param("names", WHAT_PL.length)
                .param("foldedPl", java.util.Arrays.stream(WHAT_PL).map(SearchText::fold).toArray(String[]::new))
                .param("foldedCs", java.util.Arrays.stream(WHAT_CS).map(SearchText::fold).toArray(String[]::new))
                .update();
        jdbc.sql("""
                insert into deal_stage_history (deal_id, from_stage_id, to_stage_id, status, moved_at, moved_by)
                select m.deal_id, case when m.stage > 0 then (cast(:stageIds as bigint[]))[m.stage] end,
                       (cast(:stageIds as bigint[]))[m.stage + 1], 'OPEN', m.at, d.owner_id
                from demo_deal_moves m join deals d on d.id = m.deal_id
                union all
                select d.id, d.stage_id, d.stage_id, d.status, d.closed_at, d.owner_id
                from demo_deal_history h join deals d on d.id = h.id
                order by 1, 5""").param("stageIds", stageIds).update();
    }

    private void move(long deal, Long from, long to, String status, Instant at, Long by) {
        jdbc.sql("""
                insert into deal_stage_history (deal_id, from_stage_id, to_stage_id, status, moved_at, moved_by)
                values (:deal, :from, :to, :status, :at, :by)""")
                .param("deal", deal).param("from", from).param("to", to).param("status", status)
                .param("at", Timestamp.from(at)).param("by", by).update();
    }
}
