package app.klient.billing;

import java.math.BigDecimal;

/**
 * Coupon codes a buyer may give on a quote, order or invoice; their discount becomes a line of the document. Billing
 * knows no coupons of its own: the module that gives them out (marketing's journeys) implements this, so billing does
 * not depend on it. Refusals are {@link app.klient.platform.InvalidFields} on {@code couponCode}.
 */
public interface CouponCodes {

    /** What a code takes off: a percentage of the document's lines. */
    record Discount(String code, BigDecimal percent) {
    }

    /**
     * The discount of a code the buyer may use now on a new document: it exists, is still valid, is the buyer's and
     * has not been used; else refused.
     */
    Discount check(String code, Long contactId, Long companyId);

    /** The discount of a code already used by the document this one comes from (a quote's revision, its order). */
    Discount of(String code);

    /** Marks the code used by the document (once; a second use is refused). */
    void redeem(String code, String documentKind, long documentId, Long contactId, Long companyId);
}
