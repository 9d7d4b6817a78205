package app.klient.billing;

import java.math.BigDecimal;

/**
 * Coupon codes a buyer may give on a quote, order or invoice; their discount becomes a line of the document. Billing
 * knows no coupons of its own: the modules that give them out (marketing's journeys, loyalty's rewards) keep them in
 * marketing's coupons, which implements this, so billing does not depend on them. Refusals are
 * {@link app.klient.platform.InvalidFields} on {@code couponCode}.
 */
public interface CouponCodes {

    /** What kind of discount a code gives. */
    enum Kind {
        /** A percentage of the document's lines. */
        PERCENT,
        /** An amount off the document's total, in the document's currency (which must be the code's). */
        AMOUNT,
        /** One unit of a product on the document, free. */
        FREE_PRODUCT,
        /** A gift card: an amount, like AMOUNT, that anybody holding the code may use (it names no buyer). */
        GIFT_CARD
    }

    /**
     * What a code takes off: {@code percent} (PERCENT), {@code amount} in {@code currency} (AMOUNT, GIFT_CARD) or one
     * unit of {@code productId} (FREE_PRODUCT).
     */
    record Discount(String code, Kind kind, BigDecimal percent, BigDecimal amount, String currency, Long productId) {

        /** A percentage off, the discount journeys give. */
        public Discount(String code, BigDecimal percent) {
            this(code, Kind.PERCENT, percent, null, null, null);
        }
    }

    /**
     * The discount of a code the buyer may use now on a new document: it exists, is still valid, is the buyer's (a
     * gift card is anybody's) and has not been used; else refused.
     */
    Discount check(String code, Long contactId, Long companyId);

    /** The discount of a code already used by the document this one comes from (a quote's revision, its order). */
    Discount of(String code);

    /** Marks the code used by the document (once; a second use is refused). */
    void redeem(String code, String documentKind, long documentId, Long contactId, Long companyId);
}
