package app.klient.marketing;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import app.klient.billing.CouponCodes;
import app.klient.billing.Seller;
import app.klient.platform.InvalidFields;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-use coupon codes: those the journeys give out (a birthday, the anniversary of the first purchase: a percentage
 * off, for one contact) and those loyalty's rewards give for points (a percentage or an amount off, a free product, a
 * gift card; for a contact or a company), each valid until a day. A quote, order or invoice made with the code takes
 * the discount as a line; the code is then used (a row in {@code coupon_redemptions}, only inserted), and a second
 * document with it is refused.
 */
@Service
public class Coupons implements CouponCodes {

    // no 0/O or 1/I: a code is read from paper and typed in again
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A coupon given out: its code, for whom, what it takes off (its kind: a percentage, an amount in a currency, a
     * product, a gift card's value), until when, and where it was used (if it was).
     */
    public record Coupon(long id, String code, Long journeyId, Long contactId, BigDecimal percent,
            LocalDate validUntil, String usedOn, Long usedOnId, java.time.Instant usedAt, Kind kind,
            BigDecimal amount, String currency, Long productId, Long companyId) {

        Discount discount() {
            return new Discount(code, kind, percent, amount, currency, productId);
        }
    }

    /**
     * What a new code gives ({@code percent}, or {@code amount} in {@code currency}, or {@code productId}, as its
     * kind says) and to whom (a contact or a company; a gift card too, though anybody may use it).
     */
    public record Offer(Kind kind, BigDecimal percent, BigDecimal amount, String currency, Long productId,
            Long contactId, Long companyId, LocalDate validUntil) {
    }

    private final JdbcClient jdbc;
    private final Seller seller;

    Coupons(JdbcClient jdbc, Seller seller) {
        this.jdbc = jdbc;
        this.seller = seller;
    }

    /** A new code for the contact, {@code percent} off until {@code validUntil}. */
    @Transactional
    public Coupon issue(Long journeyId, long contactId, BigDecimal percent, LocalDate validUntil) {
        return issue(journeyId, new Offer(Kind.PERCENT, percent, null, null, null, contactId, null, validUntil));
    }

    /** A new code for what the offer says (a loyalty reward's). */
    @Transactional
    public Coupon issue(Offer offer) {
        return issue(null, offer);
    }

    private Coupon issue(Long journeyId, Offer offer) {
        for (int attempt = 0;; attempt++) {
            StringBuilder code = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
                if (i == 4) {
                    code.append('-');
                }
            }
            try {
                long id = jdbc.sql("""
                        insert into coupons (code, journey_id, contact_id, company_id, kind, percent, amount, currency,
                                             product_id, valid_until)
                        values (:code, :journey, :contact, :company, :kind, :percent, :amount, :currency, :product,
                                :until)
                        returning id""").param("code", code.toString()).param("journey", journeyId)
                        .param("contact", offer.contactId()).param("company", offer.companyId())
                        .param("kind", offer.kind().name()).param("percent", offer.percent())
                        .param("amount", offer.amount()).param("currency", offer.currency())
                        .param("product", offer.productId()).param("until", offer.validUntil())
                        .query(Long.class).single();
                return get(id).orElseThrow();
            }
            catch (DuplicateKeyException taken) {
                if (attempt > 5) {
                    throw taken;
                }
            }
        }
    }

    @Transactional(readOnly = true)
    public Optional<Coupon> find(String code) {
        if (code == null || code.length() > 20) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " where c.code = :code").param("code", code.strip().toUpperCase(java.util.Locale.ROOT))
                .query(Coupons::coupon).optional();
    }

    Optional<Coupon> get(long id) {
        return jdbc.sql(SELECT + " where c.id = :id").param("id", id).query(Coupons::coupon).optional();
    }

    @Override
    @Transactional(readOnly = true)
    public Discount check(String code, Long contactId, Long companyId) {
        Coupon coupon = find(code).orElseThrow(() -> refused("journey.coupon.notFound"));
        if (coupon.usedOn() != null) {
            throw refused("journey.coupon.alreadyUsed");
        }
        if (coupon.validUntil().isBefore(LocalDate.now(seller.get().zone()))) {
            throw refused("journey.coupon.expired");
        }
        // a gift card is the bearer's; any other code is its customer's
        boolean anybodys = coupon.kind() == Kind.GIFT_CARD;
        if (!anybodys && coupon.contactId() != null && !coupon.contactId().equals(contactId)) {
            throw refused("journey.coupon.notYours");
        }
        if (!anybodys && coupon.companyId() != null && !coupon.companyId().equals(companyId)) {
            throw refused("journey.coupon.notYours");
        }
        return coupon.discount();
    }

    @Override
    @Transactional(readOnly = true)
    public Discount of(String code) {
        return find(code).orElseThrow(() -> refused("journey.coupon.notFound")).discount();
    }

    @Override
    @Transactional
    public void redeem(String code, String documentKind, long documentId, Long contactId, Long companyId) {
        Coupon coupon = find(code).orElseThrow(() -> refused("journey.coupon.notFound"));
        // the primary key is the one use: of two documents made with one code at the same moment, one gets it
        int added = jdbc.sql("""
                insert into coupon_redemptions (coupon_id, document_kind, document_id, contact_id, company_id)
                values (:coupon, :kind, :document, :contact, :company) on conflict (coupon_id) do nothing""")
                .param("coupon", coupon.id()).param("kind", documentKind).param("document", documentId)
                .param("contact", contactId).param("company", companyId).update();
        if (added == 0) {
            throw refused("journey.coupon.alreadyUsed");
        }
    }

    private static InvalidFields refused(String key) {
        return new InvalidFields(List.of(new InvalidFields.FieldError("couponCode", key)));
    }

    private static final String SELECT = """
            select c.id, c.code, c.journey_id, c.contact_id, c.percent, c.valid_until, r.document_kind,
                   r.document_id, r.at, c.kind, c.amount, c.currency, c.product_id, c.company_id
            from coupons c left join coupon_redemptions r on r.coupon_id = c.id""";

    private static Coupon coupon(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Coupon(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), (Long) rs.getObject(4),
                rs.getBigDecimal(5), rs.getObject(6, LocalDate.class), rs.getString(7), (Long) rs.getObject(8),
                rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(), Kind.valueOf(rs.getString(10)),
                rs.getBigDecimal(11), rs.getString(12), (Long) rs.getObject(13), (Long) rs.getObject(14));
    }
}
