package app.klient.sales;

import app.klient.identity.RecordKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import app.klient.catalog.Currencies;
import app.klient.catalog.ExchangeRates;
import app.klient.customers.Companies;
import app.klient.customers.Contacts;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.platform.RefusedTransition;
import app.klient.platform.db.Versions;
import app.klient.platform.SearchText;
import app.klient.platform.web.CountedPage;
import app.klient.platform.web.Keyset;
import app.klient.sales.internal.Deal;
import app.klient.sales.internal.DealLineStore;
import app.klient.sales.internal.DealRepository;
import app.klient.sales.internal.Stage;
import app.klient.sales.internal.StageRepository;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deals and their way through the funnel. Every stage a deal enters, and every win or loss, is kept with its time in
 * the stage history and shown on the company's timeline. A move names the version the mover saw: if somebody changed
 * the deal in between, the move is refused rather than silently applied to a deal the mover has not seen.
 */
@Service
public class Deals {

    private final DealRepository deals;
    private final StageRepository stages;
    private final Pipelines pipelines;
    private final Companies companies;
    private final Contacts contacts;
    private final Users users;
    private final Timeline timeline;
    private final JdbcClient jdbc;
    private final ExchangeRates rates;
    private final DealLineStore lines;
    private final String companyCurrency;

    private final org.springframework.context.ApplicationEventPublisher events;

    Deals(DealRepository deals, StageRepository stages, Pipelines pipelines, Companies companies, Contacts contacts,
            Users users, Timeline timeline, JdbcClient jdbc, ExchangeRates rates, DealLineStore lines,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.deals = deals;
        this.stages = stages;
        this.pipelines = pipelines;
        this.companies = companies;
        this.contacts = contacts;
        this.users = users;
        this.timeline = timeline;
        this.jdbc = jdbc;
        this.rates = rates;
        this.lines = lines;
        this.companyCurrency = rates.companyCurrency();
    }

    public String companyCurrency() {
        return companyCurrency;
    }

    @Transactional(readOnly = true)
    public DealView get(long id) {
        return view(find(id));
    }

    @Transactional(readOnly = true)
    public List<DealView> ofCompany(long companyId) {
        return deals.findTop20ByCompanyIdOrderByCreatedAtDesc(companyId).stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public List<DealView> ofContact(long contactId) {
        List<Long> ids = jdbc.sql("""
                select d.id from deals d join deal_contacts c on c.deal_id = d.id
                where c.contact_id = :contact order by d.created_at desc limit 20""")
                .param("contact", contactId).query(Long.class).list();
        return deals.findAllById(ids).stream().map(this::view)
                .sorted(java.util.Comparator.comparing(DealView::createdAt).reversed()).toList();
    }

    @Transactional
    public DealView create(DealForm form) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "deal.forbidden");
        }
        Stage stage = stageFor(form.pipelineId(), form.stageId());
        Deal deal = new Deal(form.name().strip(), stage.getPipeline().getId(), stage.getId());
        Changes changes = fill(deal, form);
        deal = deals.saveAndFlush(deal);
        save(deal.getId(), changes);
        history(deal.getId(), null, stage.getId(), DealStatus.OPEN);
        record(deal, "DEAL_CREATED", Phrase.of("timeline.deal.stage", stageValue(stage)));
        return view(deal);
    }

    @Transactional
    public DealView update(long id, DealForm form) {
        Deal deal = find(id);
        checkEdit(deal);
        checkVersion(deal, form.version());
        Changes changes = fill(deal, form);
        deal = deals.saveAndFlush(deal);
        save(id, changes);
        return view(deal);
    }

    /** Adds a line (a product from the catalog, or free text); the deal's amount becomes the sum of its lines. */
    @Transactional
    public DealView addLine(long id, DealLineForm line, Integer version) {
        Deal deal = editable(id, version);
        lines.add(id, lines.price(List.of(line), deal.getCurrency(), groups(deal.getCompanyId()),
                LocaleContextHolder.getLocale(), null).get(0));
        return linesChanged(deal);
    }

    @Transactional
    public DealView changeLine(long id, long lineId, DealLineForm line, Integer version) {
        Deal deal = editable(id, version);
        if (!lines.change(id, lineId, lines.price(List.of(line), deal.getCurrency(), groups(deal.getCompanyId()),
                LocaleContextHolder.getLocale(), null).get(0))) {
            throw KlientException.notFound("line.notFound");
        }
        return linesChanged(deal);
    }

    @Transactional
    public DealView removeLine(long id, long lineId, Integer version) {
        Deal deal = editable(id, version);
        if (!lines.remove(id, lineId)) {
            throw KlientException.notFound("line.notFound");
        }
        return linesChanged(deal);
    }

    /** Puts a person on the deal in a role, or gives one already on it another role. */
    @Transactional
    public DealView setContact(long id, Long contactId, ContactRole role, Integer version) {
        Deal deal = editable(id, version);
        if (contactId == null || !contacts.exists(contactId)) {
            throw fieldError("contactId", "contact.notFound");
        }
        long count = jdbc.sql("select count(*) from deal_contacts where deal_id = :id and contact_id <> :contact")
                .param("id", id).param("contact", contactId).query(Long.class).single();
        if (count >= MAX_CONTACTS) {
            throw fieldError("contactId", "deal.tooManyContacts", MAX_CONTACTS);
        }
        jdbc.sql("""
                insert into deal_contacts (deal_id, contact_id, role) values (:id, :contact, :role)
                on conflict (deal_id, contact_id) do update set role = excluded.role""")
                .param("id", id).param("contact", contactId)
                .param("role", (role == null ? ContactRole.CONTACT : role).name()).update();
        deal.amountFromLines(deal.getAmount());
        return view(deals.saveAndFlush(deal));
    }

    @Transactional
    public DealView removeContact(long id, long contactId, Integer version) {
        Deal deal = editable(id, version);
        jdbc.sql("delete from deal_contacts where deal_id = :id and contact_id = :contact").param("id", id)
                .param("contact", contactId).update();
        deal.amountFromLines(deal.getAmount());
        return view(deals.saveAndFlush(deal));
    }

    private Deal editable(long id, Integer version) {
        Deal deal = find(id);
        checkEdit(deal);
        checkVersion(deal, version);
        return deal;
    }

    private DealView linesChanged(Deal deal) {
        deal.amountFromLines(lines.total(deal.getId()));
        return view(deals.saveAndFlush(deal));
    }

    /** Into another stage of its pipeline (or of another pipeline); a closed deal is reopened first, on its own. */
    @Transactional
    public DealView move(long id, long stageId, Integer version) {
        Deal deal = find(id);
        checkEdit(deal);
        checkVersion(deal, version);
        Stage target = stages.findById(stageId).filter(Stage::isActive)
                .orElseThrow(() -> fieldError("stageId", "stage.notFound"));
        requireOpen(deal);
        long from = deal.getStageId();
        if (from == stageId) {
            return view(deal);
        }
        deal.moveTo(target.getPipeline().getId(), stageId);
        deal = deals.saveAndFlush(deal);
        history(id, from, stageId, DealStatus.OPEN);
        record(deal, "DEAL_MOVED", Phrase.of("timeline.deal.moved", stageValue(from), stageValue(target)));
        return view(deal);
    }

    /**
     * Deletes a pipeline after moving its open deals into {@code targetPipelineId}, all in one transaction: each
     * deal goes to the target stage {@code chosen} names for its stage, else to the one
     * {@link Pipelines#stageMap} picks; each move bumps the deal's version, is audited, kept in the stage history
     * and on the company's timeline. Anything refused (the default pipeline, a stale version) moves nothing.
     */
    @Transactional
    public int deletePipelineMovingDeals(long id, Integer version, long targetPipelineId, Map<Long, Long> chosen) {
        PipelineView from = pipelines.get(id);
        Map<Long, Long> map = pipelines.stageMap(id, targetPipelineId, chosen);
        PipelineView to = pipelines.get(targetPipelineId);
        List<Deal> open = deals.findByPipelineIdAndStatusOrderById(id, DealStatus.OPEN);
        for (Deal deal : open) {
            long fromStage = deal.getStageId();
            // an open deal always sits in an active stage (a stage with open deals cannot retire); the first
            // stage of the target is only the fallback should one not
            long toStage = map.getOrDefault(fromStage, to.stages().get(0).id());
            deal.moveTo(targetPipelineId, toStage);
            Deal saved = deals.saveAndFlush(deal);
            history(saved.getId(), fromStage, toStage, DealStatus.OPEN);
            record(saved, "DEAL_MOVED", Phrase.of("timeline.deal.movedFromDeletedPipeline", from.name(),
                    stageValue(fromStage), to.name(), stageValue(toStage)));
        }
        pipelines.delete(id, version);
        return open.size();
    }

    /** Won once: winning a won deal again (with its current version) changes and records nothing. */
    @Transactional
    public DealView win(long id, Integer version) {
        Deal deal = find(id);
        checkEdit(deal);
        checkVersion(deal, version);
        if (deal.getStatus() == DealStatus.WON) {
            return view(deal);
        }
        requireOpen(deal);
        deal.win();
        deal = deals.saveAndFlush(deal);
        history(id, deal.getStageId(), deal.getStageId(), DealStatus.WON);
        record(deal, "DEAL_WON", Phrase.of("timeline.deal.won", Phrase.money(deal.getAmount(), deal.getCurrency())));
        events.publishEvent(new DealWon(id, deal.getName(), deal.getPipelineId(), deal.getCompanyId(),
                deal.getOwnerId(), deal.getAmount(), deal.getCurrency()));
        return view(deal);
    }

    /** A won or lost deal back in the funnel, in the stage it closed in; the loss reason and competitor go. */
    @Transactional
    public DealView reopen(long id, Integer version) {
        Deal deal = find(id);
        checkEdit(deal);
        checkVersion(deal, version);
        if (deal.getStatus() == DealStatus.OPEN) {
            throw new RefusedTransition("deal.notClosed", "deal.status.OPEN");
        }
        if (stages.findById(deal.getStageId()).filter(Stage::isActive).isEmpty()) {
            // its stage was retired with its pipeline: an open deal there would sit on no board
            throw KlientException.conflict("deal.stageRetired");
        }
        deal.reopen();
        deal = deals.saveAndFlush(deal);
        history(id, deal.getStageId(), deal.getStageId(), DealStatus.OPEN);
        record(deal, "DEAL_REOPENED", Phrase.of("timeline.deal.stage", stageValue(deal.getStageId())));
        return view(deal);
    }

    private static void requireOpen(Deal deal) {
        if (deal.getStatus() != DealStatus.OPEN) {
            throw new RefusedTransition("deal.notOpen", "deal.status." + deal.getStatus().name());
        }
    }

    @Transactional
    public DealView lose(long id, String reason, String competitor, Integer version) {
        Deal deal = find(id);
        checkEdit(deal);
        checkVersion(deal, version);
        requireOpen(deal);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (reason == null || reason.isBlank() || reason.strip().length() > 300) {
            errors.add("lostReason", "deal.lostReason");
        }
        if (competitor != null && competitor.strip().length() > 200) {
            errors.add("competitor", "error.tooLong", 200);
        }
        errors.throwIfAny();
        deal.lose(reason.strip(), competitor == null || competitor.isBlank() ? null : competitor.strip());
        deal = deals.saveAndFlush(deal);
        history(id, deal.getStageId(), deal.getStageId(), DealStatus.LOST);
        record(deal, "DEAL_LOST", Phrase.of("timeline.deal.lost", deal.getLostReason()));
        return view(deal);
    }

    @Transactional
    public void delete(long id) {
        Deal deal = find(id);
        checkEdit(deal);
        deals.delete(deal);
        deals.flush();
    }

    @Transactional(readOnly = true)
    public List<StageMove> history(long id) {
        find(id);
        return jdbc.sql("""
                select h.from_stage_id, f.name as from_name, f.name_pl as from_pl, f.name_cs as from_cs,
                       h.to_stage_id, t.name as to_name, t.name_pl as to_pl, t.name_cs as to_cs, h.status, h.moved_at,
                       h.moved_by
                from deal_stage_history h left join stages f on f.id = h.from_stage_id
                     left join stages t on t.id = h.to_stage_id
                where h.deal_id = :id order by h.moved_at, h.id""").param("id", id)
                .query((rs, n) -> new StageMove((Long) rs.getObject("from_stage_id"),
                        Pipelines.stageName(rs.getString("from_name"), rs.getString("from_pl"),
                                rs.getString("from_cs")),
                        (Long) rs.getObject("to_stage_id"),
                        Pipelines.stageName(rs.getString("to_name"), rs.getString("to_pl"), rs.getString("to_cs")),
                        DealStatus.valueOf(rs.getString("status")), rs.getTimestamp("moved_at").toInstant(),
                        (Long) rs.getObject("moved_by")))
                .list();
    }

    /** How many stage moves, wins and losses each person made between two moments, for the manager's view. */
    @Transactional(readOnly = true)
    public Map<Long, Long> movesByPerson(java.time.Instant from, java.time.Instant to) {
        Map<Long, Long> moves = new java.util.HashMap<>();
        jdbc.sql("""
                select moved_by, count(*) from deal_stage_history
                where moved_by is not null and moved_at >= :from and moved_at < :to and from_stage_id is not null
                group by moved_by""").param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> moves.put(rs.getLong(1), rs.getLong(2))).list();
        return moves;
    }

    /** The sorts the deal list offers (each served by an index or cheap on the filtered rows). */
    public static final Map<String, String> SORTS = Map.of("expectedCloseDate",
            "d.expected_close_date %s nulls last, d.id %s", "updatedAt", "d.updated_at %s, d.id %s", "amount",
            "d.amount %s, d.id %s", "name", "lower(d.name) %s, d.id %s");

    /** The list's filters as SQL over deals {@code d}, starting with " where", their values put in {@code params}. */
    static String where(DealQuery query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        String pattern = SearchText.pattern(query.q());
        if (pattern != null) {
            where.append(" and d.search_text like :q");
            params.put("q", pattern);
        }
        condition(where, params, "d.pipeline_id", "pipeline", query.pipelineId());
        condition(where, params, "d.status", "status", query.status() == null ? null : query.status().name());
        condition(where, params, "d.owner_id", "owner", query.ownerId());
        condition(where, params, "d.team_id", "team", query.teamId());
        condition(where, params, "d.company_id", "company", query.companyId());
        if (query.closeFrom() != null) {
            where.append(" and d.expected_close_date >= :closeFrom");
            params.put("closeFrom", query.closeFrom());
        }
        if (query.closeTo() != null) {
            where.append(" and d.expected_close_date <= :closeTo");
            params.put("closeTo", query.closeTo());
        }
        return where.toString();
    }

    @Transactional(readOnly = true)
    public CountedPage<DealRow> list(DealQuery query,
            Pageable page) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(query, params);
        Sort.Order order = page.getSort().stream().findFirst()
                .orElse(Sort.Order.asc("expectedCloseDate"));
        String orderBy = SORTS.getOrDefault(order.getProperty(), SORTS.get("expectedCloseDate"))
                .replace("%s", order.isAscending() ? "asc" : "desc");
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<DealRow> rows = jdbc.sql("""
                select d.id, d.name, d.company_id, d.stage_id, s.name as stage_name, s.name_pl, s.name_cs, s.probability, d.amount,
                       d.currency, d.expected_close_date, d.owner_id, d.status, d.updated_at
                from deals d join stages s on s.id = d.stage_id""" + where + " order by " + orderBy
                + " limit :limit offset :offset").params(paged)
                .query((rs, n) -> new DealRow(rs.getLong("id"), rs.getString("name"),
                        (Long) rs.getObject("company_id"), null, rs.getLong("stage_id"),
                        Pipelines.stageName(rs.getString("stage_name"), rs.getString("name_pl"),
                                rs.getString("name_cs")),
                        rs.getInt("probability"), rs.getBigDecimal("amount"), rs.getString("currency"),
                        rs.getObject("expected_close_date", LocalDate.class),
                        (Long) rs.getObject("owner_id"), null, DealStatus.valueOf(rs.getString("status")),
                        rs.getTimestamp("updated_at").toInstant()))
                .list();
        Map<Long, String> owners = users.names(rows.stream().map(DealRow::ownerId).filter(Objects::nonNull).toList());
        rows = rows.stream().map(r -> new DealRow(r.id(), r.name(), r.companyId(),
                r.companyId() == null ? null : companies.name(r.companyId()), r.stageId(), r.stageName(),
                r.probability(), r.amount(), r.currency(), r.expectedCloseDate(), r.ownerId(),
                owners.get(r.ownerId()), r.status(), r.updatedAt())).toList();
        return CountedPage.of(rows, page, jdbc, "from deals d" + where, params);
    }

    private static void condition(StringBuilder where, Map<String, Object> params, String column, String name,
            Object value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = :").append(name);
            params.put(name, value);
        }
    }

    /** How many cards a board column shows at first and with each "more". */
    public static final int COLUMN_PAGE = 25;

    /** A column's cards in the order of their expected close (none last), then id: the key of its pages. */
    private static final Map<String, Keyset.Order> COLUMN_ORDER = Map.of("close", new Keyset.Order("close",
            new Keyset.Key("coalesce(d.expected_close_date, date '9999-12-31')", "date"),
            new Keyset.Key("d.id", "bigint")));

    /**
     * The open deals of a pipeline by stage: each column's count and totals over all its deals (one grouped query),
     * and its first {@link #COLUMN_PAGE} cards.
     */
    @Transactional(readOnly = true)
    public Board board(long pipelineId, BoardFilter filter) {
        PipelineView pipeline = pipelines.get(pipelineId);
        Map<String, Object> params = new LinkedHashMap<>();
        String where = boardWhere(pipelineId, filter, params);
        record Sum(long stage, String currency, long count, BigDecimal amount) {
        }
        List<Sum> sums = jdbc.sql("select d.stage_id, d.currency, count(*), sum(d.amount) from deals d" + where
                + " group by d.stage_id, d.currency order by d.currency").params(params)
                .query((rs, n) -> new Sum(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4))).list();
        LocalDate today = LocalDate.now();
        Map<String, java.util.Optional<BigDecimal>> rateOf = new java.util.HashMap<>();
        List<Board.Column> columns = new ArrayList<>();
        for (StageView stage : pipeline.stages()) {
            Map<String, BigDecimal> totals = new LinkedHashMap<>();
            long count = 0;
            BigDecimal converted = BigDecimal.ZERO;
            int unconverted = 0;
            for (Sum sum : sums) {
                if (sum.stage() != stage.id()) {
                    continue;
                }
                totals.put(sum.currency(), sum.amount());
                count += sum.count();
                var rate = rateOf.computeIfAbsent(sum.currency(), c -> rates.rate(c, today));
                if (rate.isPresent()) {
                    converted = converted.add(sum.amount().multiply(rate.get()));
                }
                else {
                    unconverted += (int) sum.count();
                }
            }
            converted = converted.setScale(2, RoundingMode.HALF_UP);
            BigDecimal weighted = converted.multiply(BigDecimal.valueOf(stage.probability()))
                    .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            Board.Cards cards = count == 0 ? new Board.Cards(List.of(), null)
                    : cards(pipelineId, stage.id(), filter, null);
            columns.add(new Board.Column(stage, cards.cards(), count, totals, converted, unconverted, weighted,
                    cards.next()));
        }
        return new Board(pipeline, columns, companyCurrency);
    }

    /** The next cards of one column of the board, after the cursor of the cards shown (null: the first ones). */
    @Transactional(readOnly = true)
    public Board.Cards column(long pipelineId, long stageId, BoardFilter filter, String after) {
        PipelineView pipeline = pipelines.get(pipelineId);
        if (pipeline.stages().stream().noneMatch(s -> s.id() == stageId)) {
            throw fieldError("stageId", "stage.notFound");
        }
        return cards(pipelineId, stageId, filter, after);
    }

    private Board.Cards cards(long pipelineId, long stageId, BoardFilter filter, String after) {
        Keyset keyset = Keyset.of(COLUMN_ORDER, Sort.unsorted(), after, null);
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(boardWhere(pipelineId, filter, params)).append(" and d.stage_id = :stage");
        params.put("stage", stageId);
        if (keyset.hasCursor()) {
            where.append(" and ").append(keyset.condition());
            params.putAll(keyset.params());
        }
        params.put("limit", COLUMN_PAGE + 1);
        record Row(Board.Card card, Long companyId, String cursor) {
        }
        List<Row> rows = jdbc.sql("select d.id, d.name, d.company_id, d.amount, d.currency, d.expected_close_date, "
                + "d.owner_id, d.version, " + keyset.selectKeys() + " from deals d" + where + keyset.orderBy()
                + " limit :limit").params(params)
                .query((rs, n) -> new Row(new Board.Card(rs.getLong("id"), rs.getString("name"), null,
                        rs.getBigDecimal("amount"), rs.getString("currency"),
                        rs.getObject("expected_close_date", LocalDate.class), (Long) rs.getObject("owner_id"), null,
                        rs.getInt("version"), false), (Long) rs.getObject("company_id"), keyset.cursor(rs)))
                .list();
        boolean more = rows.size() > COLUMN_PAGE;
        if (more) {
            rows = rows.subList(0, COLUMN_PAGE);
        }
        Map<Long, String> owners = users.names(rows.stream().map(r -> r.card().ownerId()).filter(Objects::nonNull)
                .toList());
        Map<Long, String> companyNames = companies.names(rows.stream().map(Row::companyId)
                .filter(Objects::nonNull).toList());
        List<Board.Card> cards = rows.stream().map(r -> new Board.Card(r.card().id(), r.card().name(),
                r.companyId() == null ? null : companyNames.get(r.companyId()), r.card().amount(),
                r.card().currency(), r.card().expectedCloseDate(), r.card().ownerId(),
                owners.get(r.card().ownerId()), r.card().version(), OwnedRecords.canEdit(RecordKind.DEAL, r.card().id(), r.card().ownerId())))
                .toList();
        return new Board.Cards(cards, more ? rows.get(rows.size() - 1).cursor() : null);
    }

    private static String boardWhere(long pipelineId, BoardFilter filter, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where d.pipeline_id = :pipeline and d.status = 'OPEN'");
        params.put("pipeline", pipelineId);
        if (filter.ownerId() != null) {
            where.append(" and d.owner_id = :owner");
            params.put("owner", filter.ownerId());
        }
        if (filter.teamId() != null) {
            where.append(" and d.team_id = :team");
            params.put("team", filter.teamId());
        }
        if (filter.closeFrom() != null) {
            where.append(" and d.expected_close_date >= :closeFrom");
            params.put("closeFrom", filter.closeFrom());
        }
        if (filter.closeTo() != null) {
            where.append(" and d.expected_close_date <= :closeTo");
            params.put("closeTo", filter.closeTo());
        }
        return where.toString();
    }

    /** The most people one deal names. */
    static final int MAX_CONTACTS = 20;

    /** What a form changes besides the deal's own fields: its people and lines, null where it leaves them be. */
    private record Changes(List<DealContact> people, List<app.klient.catalog.LineItems.Item> lines) {
    }

    private Changes fill(Deal deal, DealForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        // what the deal already names stays acceptable even where the editor's rules hide it (a deal shared with them)
        if (form.companyId() != null && !form.companyId().equals(deal.getCompanyId())
                && !companies.exists(form.companyId())) {
            errors.add("companyId", "company.notFound");
        }
        List<DealContact> people = people(deal.getId(), form);
        java.util.Set<Long> onTheDeal = deal.getId() == null ? java.util.Set.of()
                : roles(deal.getId()).stream().map(r -> r.contactId()).collect(java.util.stream.Collectors.toSet());
        if (people != null) {
            if (people.size() > MAX_CONTACTS) {
                errors.add("contacts", "deal.tooManyContacts", MAX_CONTACTS);
            }
            else if (people.stream().anyMatch(p -> !onTheDeal.contains(p.contactId())
                    && !contacts.exists(p.contactId()))) {
                errors.add(form.contacts() != null ? "contacts" : "contactIds", "contact.notFound");
            }
        }
        // a new deal belongs to whoever creates it unless an owner is given
        Long owner = deal.getId() == null ? OwnedRecords.ownerOfNew(form.ownerId()) : form.ownerId();
        if (owner != null) {
            users.ownerProblem(owner).ifPresent(key -> errors.add("ownerId", key));
        }
        String currency = form.currency() == null || form.currency().isBlank() ? companyCurrency : form.currency();
        if (!Currencies.known(currency)) {
            errors.add("currency", "deal.currency");
        }
        boolean hadLines = deal.getId() != null && lines.has(deal.getId());
        if (form.lines() == null && hadLines && !currency.equals(deal.getCurrency())) {
            // the lines' prices are in the deal's currency: send them again, priced in the new one
            errors.add("currency", "deal.currencyWithLines");
        }
        errors.throwIfAny();
        List<app.klient.catalog.LineItems.Item> priced = form.lines() == null ? null
                : lines.price(form.lines(), currency, groups(form.companyId()), LocaleContextHolder.getLocale(),
                        "lines");
        BigDecimal amount;
        if (priced != null && !priced.isEmpty()) {
            amount = priced.stream().map(app.klient.catalog.LineItems.Item::netAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
        else if (priced == null && hadLines) {
            amount = lines.total(deal.getId());
        }
        else {
            amount = form.amount() == null ? BigDecimal.ZERO : form.amount().setScale(2, RoundingMode.HALF_UP);
        }
        deal.fill(form.name().strip(), form.companyId(), owner, form.teamId(), amount, currency,
                form.expectedCloseDate(), trim(form.source()), trim(form.nextStep()));
        return new Changes(people, priced);
    }

    /** The people a form puts on a deal, with roles; null when it leaves them as they are. */
    private List<DealContact> people(Long dealId, DealForm form) {
        if (form.contacts() != null) {
            Map<Long, DealContact> byId = new LinkedHashMap<>();
            form.contacts().stream().filter(c -> c != null && c.contactId() != null)
                    .forEach(c -> byId.put(c.contactId(), new DealContact(c.contactId(), null,
                            c.role() == null ? ContactRole.CONTACT : c.role())));
            return List.copyOf(byId.values());
        }
        if (form.contactIds() != null) {
            Map<Long, ContactRole> roles = new java.util.HashMap<>();
            if (dealId != null) {
                roles(dealId).forEach(c -> roles.put(c.contactId(), c.role()));
            }
            return form.contactIds().stream().filter(Objects::nonNull).distinct()
                    .map(c -> new DealContact(c, null, roles.getOrDefault(c, ContactRole.CONTACT))).toList();
        }
        return dealId == null ? List.of() : null;
    }

    private List<DealContact> roles(long dealId) {
        return jdbc.sql("select contact_id, role from deal_contacts where deal_id = :id order by contact_id")
                .param("id", dealId)
                .query((rs, n) -> new DealContact(rs.getLong(1), null, ContactRole.valueOf(rs.getString(2)))).list();
    }

    /** The customer groups a deal's prices follow: its company's tags. */
    private List<String> groups(Long companyId) {
        return companyId == null ? List.of() : companies.get(companyId).tags();
    }

    private void save(long dealId, Changes changes) {
        if (changes.people() != null) {
            jdbc.sql("delete from deal_contacts where deal_id = :id").param("id", dealId).update();
            for (DealContact person : changes.people()) {
                jdbc.sql("insert into deal_contacts (deal_id, contact_id, role) values (:deal, :contact, :role)")
                        .param("deal", dealId).param("contact", person.contactId())
                        .param("role", person.role().name()).update();
            }
        }
        if (changes.lines() != null) {
            lines.replace(dealId, changes.lines());
        }
    }

    private Stage stageFor(Long pipelineId, Long stageId) {
        if (stageId != null) {
            Stage stage = stages.findById(stageId).filter(Stage::isActive)
                    .orElseThrow(() -> fieldError("stageId", "stage.notFound"));
            if (pipelineId != null && !stage.getPipeline().getId().equals(pipelineId)) {
                throw fieldError("stageId", "stage.otherPipeline");
            }
            return stage;
        }
        PipelineView pipeline = pipelineId == null ? pipelines.defaultPipeline() : pipelines.get(pipelineId);
        if (pipeline.stages().isEmpty()) {
            throw fieldError("pipelineId", "pipeline.noStages");
        }
        return stages.findById(pipeline.stages().get(0).id()).orElseThrow();
    }

    private void history(long dealId, Long from, Long to, DealStatus status) {
        jdbc.sql("""
                insert into deal_stage_history (deal_id, from_stage_id, to_stage_id, status, moved_at, moved_by)
                values (:deal, :from, :to, :status, :at, :by)""")
                .param("deal", dealId).param("from", from).param("to", to).param("status", status.name())
                .param("at", Timestamp.from(java.time.Instant.now())).param("by", CurrentUser.id()).update();
    }

    private void record(Deal deal, String kind, Phrase body) {
        if (deal.getCompanyId() == null) {
            return;
        }
        timeline.record(TimelineRecord.coded(deal.getCompanyId(), null, kind, deal.getName(), body, "sales",
                deal.getId(), CurrentUser.id()));
    }

    /** A stage on the timeline: read in each reader's language from the names the administrator gave it. */
    private static Phrase.Value stageValue(Stage stage) {
        Map<String, String> names = new java.util.HashMap<>();
        names.put("en", stage.getName());
        if (stage.getNamePl() != null) {
            names.put("pl", stage.getNamePl());
        }
        if (stage.getNameCs() != null) {
            names.put("cs", stage.getNameCs());
        }
        return Phrase.named(stage.getName(), names);
    }

    private Phrase.Value stageValue(long stageId) {
        return stages.findById(stageId).map(Deals::stageValue).orElse(Phrase.text("?"));
    }

    private void checkEdit(Deal deal) {
        if (!OwnedRecords.canEdit(RecordKind.DEAL, deal.getId(), deal.getOwnerId())) {
            throw new KlientException(HttpStatus.FORBIDDEN, "deal.forbidden");
        }
    }

    private static void checkVersion(Deal deal, Integer version) {
        Versions.check(version, deal.getVersion());
    }

    private Deal find(long id) {
        return deals.findById(id).orElseThrow(() -> KlientException.notFound("deal.notFound"));
    }

    private static InvalidFields fieldError(String field, String key, Object... arguments) {
        return new InvalidFields(List.of(new InvalidFields.FieldError(field, key, arguments)));
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private DealView view(Deal d) {
        Stage stage = stages.findById(d.getStageId()).orElseThrow();
        // a person on the deal whom the reader's rules hide stays on it, unnamed: the deal still opens (shared with
        // them, say) and what they send back keeps everybody on it
        List<DealContact> people = roles(d.getId()).stream().map(c -> new DealContact(c.contactId(),
                contacts.exists(c.contactId()) ? contacts.get(c.contactId()).displayName() : null, c.role()))
                .toList();
        return new DealView(d.getId(), d.getName(), d.getCompanyId(),
                d.getCompanyId() == null ? null : companies.name(d.getCompanyId()),
                people.stream().map(DealContact::contactId).toList(), people, d.getPipelineId(), d.getStageId(),
                pipelines.stageName(stage), stage.getProbability(), d.getAmount(), d.getCurrency(), lines.of(d.getId()),
                d.getExpectedCloseDate(), d.getSource(), d.getNextStep(), d.getOwnerId(),
                d.getOwnerId() == null ? null : users.names(List.of(d.getOwnerId())).get(d.getOwnerId()),
                d.getTeamId(), d.getStatus(), d.getLostReason(), d.getCompetitor(), d.getClosedAt(),
                d.getStageEnteredAt(), d.getCreatedAt(), d.getUpdatedAt(), d.getVersion());
    }
}
