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
        List<Line> lines = new ArrayList<>(draft.lines());
        switch (discount.kind()) {
            case PERCENT -> percentOff(draft, discount, language, lines);
            case AMOUNT, GIFT_CARD -> amountOff(draft, discount, language, lines);
            case FREE_PRODUCT -> productFree(draft, discount, language, lines);
        }
        return new Drafts.Draft(draft.companyId(), draft.contactId(), draft.currency(), draft.reverseCharge(),
                List.copyOf(lines), Totals.of(lines, draft.reverseCharge()), draft.buyer());
    }

    private void percentOff(Drafts.Draft draft, CouponCodes.Discount discount, Locale language, List<Line> lines) {
        Map<String, BigDecimal> netByRate = new LinkedHashMap<>();
        Map<String, Line> sample = new LinkedHashMap<>();
        byRate(draft, netByRate, sample);
        String percent = discount.percent().stripTrailingZeros().toPlainString();
        String description = messages.getMessage("journey.coupon.line", new Object[] { discount.code(), percent },
                language);
        netByRate.forEach((key, net) -> {
            BigDecimal off = net.multiply(discount.percent()).divide(HUNDRED, 2, RoundingMode.HALF_UP);
            if (off.signum() > 0) {
                lines.add(discountLine(description, off, sample.get(key)));
            }
        });
    }

    /**
     * A correction of a document that had a percentage coupon: the items it takes back (or adds) carry the coupon's
     * percentage too, so a return gives back what was paid, the discounted price, not the list price. A line per
     * VAT rate, named as the document's discount line; an amount, a gift card or a free product does not change with
     * the quantities, so their corrections carry nothing.
     */
    public Drafts.Draft correction(Drafts.Draft draft, CouponCodes.Discount discount, Locale language) {
        if (discount == null || discount.kind() != CouponCodes.Kind.PERCENT) {
            return draft;
        }
        Map<String, BigDecimal> netByRate = new LinkedHashMap<>();
        Map<String, Line> sample = new LinkedHashMap<>();
        byRate(draft, netByRate, sample);
        String description = messages.getMessage("journey.coupon.line", new Object[] { discount.code(),
            discount.percent().stripTrailingZeros().toPlainString() }, language);
        List<Line> lines = new ArrayList<>(draft.lines());
        netByRate.forEach((key, net) -> {
            BigDecimal off = net.multiply(discount.percent()).divide(HUNDRED, 2, RoundingMode.HALF_UP);
            Line like = sample.get(key);
            if (off.signum() > 0) {
                lines.add(discountLine(description, off, like));
            }
            else if (off.signum() < 0) {
                // items taken back: their share of the discount comes back too
                lines.add(new Line(null, description, BigDecimal.ONE.setScale(3), "pcs", off.negate(),
                        BigDecimal.ZERO.setScale(2), like.taxRate(), like.taxExempt(), off.negate()));
            }
        });
        return new Drafts.Draft(draft.companyId(), draft.contactId(), draft.currency(), draft.reverseCharge(),
                List.copyOf(lines), Totals.of(lines, draft.reverseCharge()), draft.buyer());
    }

    /**
     * An amount (or a gift card's value) taken off what the buyer pays, the gross total: shared among the VAT rates
     * in proportion to their gross amounts, each share's net taken off at its rate, so the VAT summary stays right. A
     * code worth more than the document takes the document to zero; the rest is not kept.
     */
    private void amountOff(Drafts.Draft draft, CouponCodes.Discount discount, Locale language, List<Line> lines) {
        if (!discount.currency().equals(draft.currency())) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("couponCode", "coupon.otherCurrency",
                    discount.currency())));
        }
        Map<String, BigDecimal> netByRate = new LinkedHashMap<>();
        Map<String, Line> sample = new LinkedHashMap<>();
        byRate(draft, netByRate, sample);
        Map<String, BigDecimal> grossByRate = new LinkedHashMap<>();
        netByRate.forEach((key, net) -> {
            if (net.signum() > 0) {
                grossByRate.put(key, net.add(net.multiply(rate(draft, sample.get(key))).divide(HUNDRED, 2,
                        RoundingMode.HALF_UP)));
            }
        });
        BigDecimal gross = grossByRate.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (gross.signum() <= 0) {
            return;
        }
        BigDecimal off = discount.amount().min(gross);
        String key = discount.kind() == CouponCodes.Kind.GIFT_CARD ? "coupon.line.giftCard" : "coupon.line.amount";
        String description = messages.getMessage(key, new Object[] { discount.code(),
                discount.amount().setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + discount.currency() },
                language);
        BigDecimal left = off;
        List<String> keys = new ArrayList<>(grossByRate.keySet());
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            BigDecimal share = i == keys.size() - 1 ? left
                    : off.multiply(grossByRate.get(k)).divide(gross, 2, RoundingMode.HALF_UP).min(left);
            left = left.subtract(share);
            Line like = sample.get(k);
            BigDecimal net = share.multiply(HUNDRED).divide(HUNDRED.add(rate(draft, like)), 2, RoundingMode.HALF_UP)
                    .min(netByRate.get(k));
            if (net.signum() > 0) {
                lines.add(discountLine(description, net, like));
            }
        }
    }

    /** One unit of the product free: a discount line of one unit's net amount, at the product line's VAT rate. */
    private void productFree(Drafts.Draft draft, CouponCodes.Discount discount, Locale language, List<Line> lines) {
        Line product = draft.lines().stream().filter(l -> discount.productId().equals(l.productId())
                && l.quantity() != null && l.quantity().signum() > 0 && l.netAmount().signum() > 0)
                .findFirst().orElseThrow(() -> new InvalidFields(List.of(new InvalidFields.FieldError("couponCode",
                        "coupon.freeProduct.missing"))));
        BigDecimal unit = product.netAmount().divide(product.quantity(), 2, RoundingMode.HALF_UP)
                .min(product.netAmount());
        String description = messages.getMessage("coupon.line.freeProduct",
                new Object[] { discount.code(), product.description() }, language);
        lines.add(discountLine(description, unit, product));
    }

    private static void byRate(Drafts.Draft draft, Map<String, BigDecimal> netByRate, Map<String, Line> sample) {
        for (Line line : draft.lines()) {
            String key = line.taxExempt() ? "X" : line.taxRate().toPlainString();
            netByRate.merge(key, line.netAmount(), BigDecimal::add);
            sample.putIfAbsent(key, line);
        }
    }

    /** The VAT rate the buyer pays on a line: none when exempt or under reverse charge. */
    private static BigDecimal rate(Drafts.Draft draft, Line line) {
        return draft.reverseCharge() || line.taxExempt() ? BigDecimal.ZERO : line.taxRate();
    }

    private static Line discountLine(String description, BigDecimal off, Line like) {
        return new Line(null, description, BigDecimal.ONE.negate().setScale(3), "pcs", off,
                BigDecimal.ZERO.setScale(2), like.taxRate(), like.taxExempt(), off.negate());
    }
}
