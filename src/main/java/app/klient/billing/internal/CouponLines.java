package app.klient.billing.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.billing.CouponCodes;
import app.klient.billing.Line;
import app.klient.billing.LineForm;
import app.klient.billing.Totals;
import app.klient.platform.InvalidFields;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A coupon on a quote, order or invoice: its discount is one line per VAT rate (a negative quantity of the rate's
 * discounted amount), so the VAT summary stays right. The lines are made again from the code each time a document
 * is saved; discount lines sent back with the form are left out, so a document read and sent back does not count
 * its discount twice.
 */
@Component
public class CouponLines {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final ObjectProvider<CouponCodes> codes;
    private final MessageSource messages;

    CouponLines(ObjectProvider<CouponCodes> codes, MessageSource messages) {
        this.codes = codes;
        this.messages = messages;
    }

    /** The code as written on documents (upper case, no spaces), or null for none. */
    public static String normalize(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String c = code.strip().toUpperCase(Locale.ROOT);
        if (!c.matches("[A-Z0-9-]{1,20}")) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("couponCode", "journey.coupon.notFound")));
        }
        return c;
    }

    /** The lines without the discount lines of the code (a negative free-text line naming it). */
    public static List<LineForm> withoutDiscount(List<LineForm> lines, String code) {
        if (lines == null || code == null) {
            return lines;
        }
        return lines.stream().filter(l -> l == null || l.productId() != null || l.quantity() == null
                || l.quantity().signum() >= 0 || l.description() == null || !l.description().contains(code)).toList();
    }

    /** The discount of a code given now (checked for this buyer) or kept from the document this one comes from. */
    public CouponCodes.Discount discount(String code, boolean kept, Long contactId, Long companyId) {
        CouponCodes coupons = codes.getIfAvailable();
        if (coupons == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("couponCode", "journey.coupon.notFound")));
        }
        return kept ? coupons.of(code) : coupons.check(code, contactId, companyId);
    }

    public void redeem(String code, String kind, long documentId, Long contactId, Long companyId) {
        codes.getObject().redeem(code, kind, documentId, contactId, companyId);
    }

    /** The draft with the discount lines added and its totals made again. */
    public Drafts.Draft apply(Drafts.Draft draft, CouponCodes.Discount discount, Locale language) {
        if (discount == null) {
            return draft;
        }
        Map<String, BigDecimal> netByRate = new LinkedHashMap<>();
        Map<String, Line> sample = new LinkedHashMap<>();
        for (Line line : draft.lines()) {
            String key = line.taxExempt() ? "X" : line.taxRate().toPlainString();
            netByRate.merge(key, line.netAmount(), BigDecimal::add);
            sample.putIfAbsent(key, line);
        }
        String percent = discount.percent().stripTrailingZeros().toPlainString();
        String description = messages.getMessage("journey.coupon.line", new Object[] { discount.code(), percent },
                language);
        List<Line> lines = new ArrayList<>(draft.lines());
        netByRate.forEach((key, net) -> {
            BigDecimal off = net.multiply(discount.percent()).divide(HUNDRED, 2, RoundingMode.HALF_UP);
            if (off.signum() > 0) {
                Line like = sample.get(key);
                lines.add(new Line(null, description, BigDecimal.ONE.negate().setScale(3), "pcs", off,
                        BigDecimal.ZERO.setScale(2), like.taxRate(), like.taxExempt(), off.negate()));
            }
        });
        return new Drafts.Draft(draft.companyId(), draft.contactId(), draft.currency(), draft.reverseCharge(),
                List.copyOf(lines), Totals.of(lines, draft.reverseCharge()), draft.buyer());
    }
}
