package app.klient.marketing.journey;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import app.klient.billing.Purchases;
import app.klient.billing.Seller;
import app.klient.catalog.Products;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.documents.MergeFields;
import app.klient.mail.Emails;
import app.klient.mail.MailSettings;
import app.klient.mail.OutgoingMail;
import app.klient.marketing.Coupons;
import app.klient.marketing.internal.Audience;
import app.klient.marketing.internal.TrackingLinks;
import app.klient.marketing.internal.TrackingTokens;
import app.klient.platform.Phrase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends what the switched-on journeys have to send today. Runs on every node; a batch is done under a transaction
 * advisory lock per journey, so one node at a time works on a journey, and the unique key of
 * {@code journey_sends} (journey, contact, occasion) is the promise that nobody gets one occasion twice: the row, the
 * message (stored in the outbox) and the coupon commit together, or none of them does, and a stopped node's batch is
 * simply done again by the next run.
 */
@Component
public class JourneyRun {

    private static final Logger log = LoggerFactory.getLogger(JourneyRun.class);
    private static final int BATCH = 200;
    /** How far back an occasion that waits some days is still caught up with (a node down for a week). */
    private static final int CATCH_UP_DAYS = 14;
    private static final long LOCK_SPACE = 0x4A6F75726EL; // "Journ"
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Journeys journeys;
    private final Purchases purchases;
    private final Contacts contacts;
    private final Products products;
    private final Audience audience;
    private final TrackingLinks links;
    private final Emails emails;
    private final Coupons coupons;
    private final Timeline timeline;
    private final Seller seller;
    private final MessageSource messages;
    private final MailSettings mailSettings;
    private final TransactionTemplate transaction;

    JourneyRun(JdbcClient jdbc, Journeys journeys, Purchases purchases, Contacts contacts, Products products,
            Audience audience, TrackingLinks links, Emails emails, Coupons coupons, Timeline timeline, Seller seller,
            MessageSource messages, MailSettings mailSettings, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.journeys = journeys;
        this.purchases = purchases;
        this.contacts = contacts;
        this.products = products;
        this.audience = audience;
        this.links = links;
        this.emails = emails;
        this.coupons = coupons;
        this.timeline = timeline;
        this.seller = seller;
        this.messages = messages;
        this.mailSettings = mailSettings;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${klient.marketing.journeys-every:PT15M}", initialDelayString = "PT1M")
    void scheduled() {
        try {
            runAll(LocalDate.now(seller.get().zone()));
        }
        catch (RuntimeException e) {
            log.warn("journeys: a run failed, the next one tries again", e);
        }
    }

    /** Every switched-on journey for the day; answers how many messages went out. */
    public int runAll(LocalDate today) {
        int sent = 0;
        for (JourneyView journey : journeys.list()) {
            if (journey.enabled()) {
                sent += run(journey.id(), today);
            }
        }
        return sent;
    }

    /** One journey for the company's today. */
    public int runToday(long journeyId) {
        return run(journeyId, LocalDate.now(seller.get().zone()));
    }

    /** One journey for the day: each occasion due and not yet met, a batch at a time. */
    public int run(long journeyId, LocalDate today) {
        int sent = 0;
        long after = 0;
        while (true) {
            long from = after;
            Batch batch = transaction.execute(status -> {
                Boolean mine = jdbc.sql("select pg_try_advisory_xact_lock(:space, :id)")
                        .param("space", (int) LOCK_SPACE).param("id", (int) journeyId).query(Boolean.class).single();
                if (!Boolean.TRUE.equals(mine)) {
                    return null;
                }
                JourneyView journey = journeys.get(journeyId);
                if (!journey.enabled()) {
                    return null;
                }
                return batch(journey, today, from);
            });
            if (batch == null) {
                break;
            }
            sent += batch.sent();
            if (batch.next() < 0) {
                break;
            }
            after = batch.next();
        }
        jdbc.sql("update journeys set last_run_at = now() where id = :id").param("id", journeyId).update();
        return sent;
    }

    /** How many went out, and where the next batch starts (-1: nothing more today). */
    private record Batch(int sent, long next) {
    }

    /** An occasion to write for: to whom, its key, the values it adds to the wording, the proof kept with it. */
    private record Occasion(long contactId, String key, Map<String, String> values, String proof) {
    }

    private Batch batch(JourneyView journey, LocalDate today, long after) {
        List<Occasion> due;
        long next;
        switch (journey.kind()) {
            case BIRTHDAY -> {
                boolean lastOfFebruary = today.getMonthValue() == 2 && today.getDayOfMonth() == 28
                        && !today.isLeapYear();
                List<Long> ids = jdbc.sql("""
                        select c.id from contacts c
                        where c.birthday is not null and c.id > :after
                          and (extract(month from c.birthday) * 100 + extract(day from c.birthday)) in (:day, :leap)
                        order by c.id limit :limit""").param("after", after)
                        .param("day", today.getMonthValue() * 100 + today.getDayOfMonth())
                        .param("leap", lastOfFebruary ? 229 : -1).param("limit", BATCH).query(Long.class).list();
                due = ids.stream().map(id -> new Occasion(id, String.valueOf(today.getYear()), Map.of(), null))
                        .toList();
                next = ids.size() < BATCH ? -1 : ids.get(ids.size() - 1);
            }
            case PURCHASE_ANNIVERSARY -> {
                List<Purchases.FirstPurchase> firsts = purchases.firstPurchaseAnniversaries(today, after, BATCH);
                due = firsts.stream().map(f -> new Occasion(f.contactId(), String.valueOf(today.getYear()), Map.of(),
                        null)).toList();
                next = firsts.size() < BATCH ? -1 : firsts.get(firsts.size() - 1).contactId();
            }
            case FIRST_PURCHASE_THANKS -> {
                LocalDate until = today.minusDays(journey.delayDays());
                List<Purchases.FirstPurchase> firsts = purchases.firstPurchasesBetween(
                        until.minusDays(CATCH_UP_DAYS), until, after, BATCH);
                due = firsts.stream().map(f -> new Occasion(f.contactId(), "first", Map.of(), null)).toList();
                next = firsts.size() < BATCH ? -1 : firsts.get(firsts.size() - 1).contactId();
            }
            case REVIEW_REQUEST -> {
                Instant until = Instant.now().minus(Duration.ofDays(journey.delayDays()));
                List<Purchases.Delivered> delivered = purchases.deliveredBetween(
                        until.minus(Duration.ofDays(CATCH_UP_DAYS)), until, after, BATCH);
                due = delivered.stream().map(d -> new Occasion(d.contactId(), "order-" + d.orderId(),
                        Map.of("order.number", d.number()), null)).toList();
                next = delivered.size() < BATCH ? -1 : delivered.get(delivered.size() - 1).orderId();
            }
            case PRODUCT_NOTICE -> {
                List<Purchases.Buyer> buyers = purchases.buyersOf(journey.productId(), journey.purchasedSince(),
                        after, BATCH);
                due = buyers.stream().map(b -> new Occasion(b.contactId(), "notice", Map.of(),
                        JSON.writeValueAsString(b.purchases()))).toList();
                next = buyers.size() < BATCH ? -1 : buyers.get(buyers.size() - 1).contactId();
            }
            default -> throw new IllegalStateException(journey.kind().name());
        }
        int sent = 0;
        for (Occasion occasion : due) {
            sent += send(journey, occasion, today) ? 1 : 0;
        }
        return new Batch(sent, next);
    }

    /** The message for one occasion, unless the contact had it already; false when it did not go (and why is kept). */
    private boolean send(JourneyView journey, Occasion occasion, LocalDate today) {
        Optional<Long> claimed = jdbc.sql("""
                insert into journey_sends (journey_id, contact_id, occasion, state, proof, service_notice)
                values (:journey, :contact, :occasion, 'NO_ADDRESS', cast(:proof as jsonb), :service)
                on conflict (journey_id, contact_id, occasion) do nothing returning id""")
                .param("service", journey.serviceNotice())
                .param("journey", journey.id()).param("contact", occasion.contactId())
                .param("occasion", occasion.key()).param("proof", occasion.proof()).query(Long.class).optional();
        if (claimed.isEmpty()) {
            return false;
        }
        long sendId = claimed.get();
        // a service notice (a recall, a safety note) is owed to every buyer: only an address that cannot receive
        // mail stops it; everything else obeys the marketing rule
        Optional<Audience.Refusal> refusal = journey.serviceNotice() ? serviceRefusal(occasion.contactId())
                : audience.refusal(occasion.contactId(), journey.purposeId());
        if (refusal.isPresent()) {
            jdbc.sql("update journey_sends set state = :state where id = :id").param("id", sendId)
                    .param("state", refusal.get().name()).update();
            return false;
        }
        ContactView contact = contacts.get(occasion.contactId());
        String language = contact.preferredLanguage() != null
                && contact.preferredLanguage().toLowerCase(Locale.ROOT).matches("en|pl|cs")
                        ? contact.preferredLanguage().toLowerCase(Locale.ROOT) : journey.defaultLanguage();
        JourneyContent content = journey.content(language);
        if (content == null) {
            return false;
        }
        language = content.language();
        Locale locale = Locale.forLanguageTag(language);
        String address = audience.address(occasion.contactId()).orElseThrow();
        Map<String, String> values = new HashMap<>(occasion.values());
        values.put("contact.firstName", contact.firstName());
        values.put("contact.lastName", contact.lastName());
        values.put("contact.fullName", contact.fullName());
        values.put("contact.email", address);
        values.put("contact.jobTitle", contact.jobTitle());
        values.put("company.name", contact.companyName());
        values.put("today", today.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)));
        if (journey.productId() != null) {
            values.put("product.name", products.get(journey.productId()).nameIn(locale));
        }
        Long couponId = null;
        if (journey.couponPercent() != null) {
            Coupons.Coupon coupon = coupons.issue(journey.id(), occasion.contactId(), journey.couponPercent(),
                    today.plusDays(journey.couponValidDays()));
            couponId = coupon.id();
            values.put("coupon.code", coupon.code());
            values.put("coupon.percent", coupon.percent().stripTrailingZeros().toPlainString());
            values.put("coupon.validUntil", coupon.validUntil()
                    .format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)));
        }
        String subject = MergeFields.fill(content.subject(), values).replaceAll("[\\r\\n]+", " ").strip();
        String from = mailSettings.from();
        String domain = from != null && from.contains("@") ? from.substring(from.lastIndexOf('@') + 1).strip()
                : "klient";
        // in the sender's domain, like a campaign's; bounces are matched by it (journey_sends.message_id)
        String messageId = "<journey-" + sendId + "@" + domain + ">";
        OutgoingMail mail;
        if (journey.serviceNotice()) {
            String body = MergeFields.fill(content.body(), values) + "\n\n-- \n"
                    + messages.getMessage("journey.mail.serviceNotice", null, locale);
            mail = OutgoingMail.to(address, subject, body).withMessageId(messageId).generatedAutomatically()
                    .asBulk();
        }
        else {
            String unsubscribe = links.unsubscribe(new TrackingTokens.Ref(TrackingTokens.Source.JOURNEY,
                    journey.id(), occasion.contactId()));
            String body = MergeFields.fill(content.body(), values) + "\n\n-- \n"
                    + messages.getMessage("journey.mail.unsubscribe", new Object[] { unsubscribe }, locale);
            mail = OutgoingMail.to(address, subject, body).withMessageId(messageId).generatedAutomatically()
                    .withHeader("List-Unsubscribe", "<" + unsubscribe + ">")
                    .withHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click").asBulk();
        }
        emails.deliver(mail);
        jdbc.sql("""
                update journey_sends set state = 'SENT', address = :address, language = :language, subject = :subject,
                    message_id = :message, coupon_id = :coupon where id = :id""")
                .param("address", address).param("language", language).param("subject", cut(subject, 300))
                .param("message", messageId).param("coupon", couponId).param("id", sendId).update();
        timeline.record(TimelineRecord.coded(null, occasion.contactId(), "JOURNEY_SENT", cut(subject, 200),
                Phrase.of("journey.timeline.sent", Phrase.code("journey.kind." + journey.kind().name(),
                        journey.name())), "marketing", sendId, null));
        return true;
    }

    /** For a service notice: no address, or one that cannot receive mail (a hard bounce); else empty. */
    private Optional<Audience.Refusal> serviceRefusal(long contactId) {
        Optional<String> address = audience.address(contactId);
        if (address.isEmpty()) {
            return Optional.of(Audience.Refusal.NO_ADDRESS);
        }
        boolean undeliverable = jdbc.sql("""
                select exists (select 1 from suppressions where address = :address and reason = 'HARD_BOUNCE')""")
                .param("address", address.get()).query(Boolean.class).single();
        return undeliverable ? Optional.of(Audience.Refusal.SUPPRESSED) : Optional.empty();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

}
