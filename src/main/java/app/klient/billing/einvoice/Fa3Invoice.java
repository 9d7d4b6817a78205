package app.klient.billing.einvoice;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import app.klient.billing.InvoiceView;
import app.klient.billing.Line;
import app.klient.billing.Party;
import app.klient.billing.PaymentMethod;
import app.klient.billing.Totals;
import app.klient.platform.InvalidFields;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The FA(3) e-invoice of an issued Polish invoice or correction (schema {@code schemat_FA(3)_v1-0E.xsd}, the
 * structure KSeF takes), built from what the invoice froze: seller, buyer, lines and VAT summary. Amounts are in the
 * invoice's currency except the VAT in PLN (P_14_xW) of a foreign-currency invoice. A correction (KOR) names the
 * corrected invoice by issue date, number and KSeF number (or says it was issued outside KSeF), its summary fields
 * hold the differences, and its rows show the lines it touches as they stood before (StanPrzed) and after.
 * <p>
 * {@link #problems} names, before an invoice is numbered, what would make this XML fail the schema (or the law
 * where the schema leaves a field optional, like the business buyer's address): the application cannot read the
 * schema on a customer's server, so the rules are here, next to the code that writes the fields.
 */
public final class Fa3Invoice {

    public static final String NAMESPACE = "http://crd.gov.pl/wzor/2025/06/25/13775/";

    /** FaWiersz has at most 10,000 rows. */
    public static final int MAX_ROWS = 10_000;

    /** Above this gross in PLN an invoice of Annex 15 goods to a business carries the split payment marker. */
    public static final BigDecimal SPLIT_PAYMENT_THRESHOLD = new BigDecimal("15000");

    /** Member states as FA(3) codes them (Greece is EL; XI is Northern Ireland). */
    static final Set<String> EU = Set.of("AT", "BE", "BG", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "EL", "HR", "HU",
            "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "XI");

    /** Whether a country (ISO code; Greece as GR or EL) is a member state of the EU. */
    public static boolean inEu(String country) {
        return country != null && EU.contains("GR".equals(country) ? "EL" : country);
    }

    private static final String NIP = "[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}";
    private static final String VAT_UE = "(\\d|[A-Z]|\\+|\\*){1,12}";
    private static final Map<String, String> RATE_CODES = Map.of("23", "23", "22", "22", "8", "8", "7", "7", "5", "5",
            "0", "0 KR");

    /**
     * What the invoice alone does not say: for a correction the corrected invoice, its corrections issued before
     * this one and its KSeF number (null: issued outside KSeF); which products are goods (not services) and which
     * are goods of Annex 15; whether split payment applies (frozen on the invoice); the moment the XML is made.
     */
    public record Context(InvoiceView corrected, List<InvoiceView> earlierCorrections, String correctedKsefNumber,
            Set<Long> goods, Set<Long> splitPaymentGoods, boolean splitPayment, Instant madeAt,
            java.util.function.UnaryOperator<String> unitWord) {

        /** Units written as the catalog codes them (checks only: they do not look at units). */
        public Context(InvoiceView corrected, List<InvoiceView> earlierCorrections, String correctedKsefNumber,
                Set<Long> goods, Set<Long> splitPaymentGoods, boolean splitPayment, Instant madeAt) {
            this(corrected, earlierCorrections, correctedKsefNumber, goods, splitPaymentGoods, splitPayment, madeAt,
                    java.util.function.UnaryOperator.identity());
        }
    }

    /** One FaWiersz: a line of the invoice, or of a correction's state before or after. */
    record Row(Line line, boolean before) {
    }

    private Fa3Invoice() {
    }

    // ---- checks

    /** What would make the XML of this invoice invalid, as field errors in the reader's language. */
    public static List<InvalidFields.FieldError> problems(InvoiceView invoice, Context context) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        Party seller = invoice.seller();
        if (nip(seller.taxId()) == null) {
            errors.add("seller.taxId", "fa3.sellerTaxId");
        }
        if (blank(seller.name())) {
            errors.add("seller.name", "fa3.sellerName");
        }
        else if (seller.name().strip().length() > 512) {
            errors.add("seller.name", "fa3.nameTooLong", 512);
        }
        String sellerAddress = addressLine(seller);
        if (sellerAddress == null) {
            errors.add("seller.address", "fa3.sellerAddress");
        }
        else if (sellerAddress.length() > 512) {
            errors.add("seller.address", "fa3.addressTooLong", 512);
        }
        if (!blank(seller.bankAccount()) && invoice.paymentMethod() == PaymentMethod.TRANSFER) {
            int length = account(seller.bankAccount()).length();
            if (length < 10 || length > 34) {
                errors.add("seller.bankAccount", "fa3.bankAccount");
            }
        }
        Party buyer = invoice.buyer();
        if (blank(buyer.name())) {
            errors.add("buyer.name", "fa3.buyerName");
        }
        else if (buyer.name().strip().length() > 512) {
            errors.add("buyer.name", "fa3.nameTooLong", 512);
        }
        Identification id = identify(buyer);
        if (id.kind == Identification.Kind.BAD_NIP) {
            errors.add("buyer.taxId", "fa3.buyerNip", buyer.taxId());
        }
        else if (id.kind == Identification.Kind.BAD_VAT) {
            errors.add("buyer.vatId", "fa3.buyerVatId", buyer.vatId());
        }
        else if (id.kind == Identification.Kind.ID && id.number.length() > 50) {
            errors.add("buyer.taxId", "fa3.buyerTaxIdTooLong", 50);
        }
        else if (invoice.reverseCharge() && id.kind == Identification.Kind.NONE) {
            errors.add("buyer.vatId", "fa3.reverseChargeBuyer");
        }
        String buyerAddress = addressLine(buyer);
        // art. 106e ust. 1 pkt 3: a VAT invoice names the buyer's address, a business's or a person's; FA(3) leaves
        // it optional only for the simplified invoice Klient does not issue
        if (buyerAddress == null) {
            errors.add("buyer.address", "fa3.buyerAddress", buyer.name());
        }
        else if (buyerAddress != null && buyerAddress.length() > 512) {
            errors.add("buyer.address", "fa3.addressTooLong", 512);
        }
        if (!"PLN".equals(invoice.currency()) && invoice.exchangeRate() == null) {
            errors.add("currency", "fa3.noRate", invoice.currency());
        }
        List<Line> lines = invoice.lines();
        if (rows(invoice, context).size() > MAX_ROWS) {
            errors.add("lines", "fa3.tooManyLines", MAX_ROWS);
        }
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (line.description() != null && line.description().strip().length() > 512) {
                errors.add("lines[" + i + "].description", "fa3.lineDescription", i + 1, 512);
            }
            if (line.unit() != null && line.unit().strip().length() > 256) {
                errors.add("lines[" + i + "].unit", "fa3.lineUnit", i + 1, 256);
            }
            if (!invoice.reverseCharge() && !line.taxExempt() && rateCode(line.taxRate()) == null) {
                errors.add("lines[" + i + "].taxRate", "fa3.lineRate", i + 1,
                        line.taxRate().stripTrailingZeros().toPlainString());
            }
        }
        if (invoice.exemptionBasis() != null && invoice.exemptionBasis().strip().length() > 256) {
            errors.add("exemptionBasis", "fa3.exemptionBasisTooLong", 256);
        }
        if (invoice.correctionReason() != null && invoice.correctionReason().strip().length() > 256) {
            errors.add("reason", "fa3.reasonTooLong", 256);
        }
        return List.copyOf(failed(errors));
    }

    private static List<InvalidFields.FieldError> failed(InvalidFields.Collector errors) {
        try {
            errors.throwIfAny();
            return List.of();
        }
        catch (InvalidFields e) {
            return e.errors();
        }
    }

    /** Whether the split payment marker applies: gross over 15,000 PLN, Annex 15 goods, a business buyer at home. */
    public static boolean splitPayment(Party buyer, boolean reverseCharge, List<Line> lines, BigDecimal gross,
            String currency, BigDecimal exchangeRate, Set<Long> splitPaymentGoods) {
        if (reverseCharge || identify(buyer).kind != Identification.Kind.NIP) {
            return false;
        }
        boolean annex15 = lines.stream().anyMatch(l -> l.productId() != null
                && splitPaymentGoods.contains(l.productId()));
        BigDecimal inPln = "PLN".equals(currency) ? gross : exchangeRate == null ? null
                : gross.multiply(exchangeRate).setScale(2, RoundingMode.HALF_UP);
        return annex15 && inPln != null && inPln.compareTo(SPLIT_PAYMENT_THRESHOLD) > 0;
    }

    // ---- the document

    public static byte[] build(InvoiceView invoice, Context context) {
        Document doc = newDocument();
        Element root = doc.createElementNS(NAMESPACE, "Faktura");
        doc.appendChild(root);
        boolean correction = "CORRECTION".equals(invoice.kind());

        Element header = add(root, "Naglowek");
        Element form = text(header, "KodFormularza", "FA");
        form.setAttribute("kodSystemowy", "FA (3)");
        form.setAttribute("wersjaSchemy", "1-0E");
        text(header, "WariantFormularza", "3");
        text(header, "DataWytworzeniaFa", context.madeAt().truncatedTo(ChronoUnit.SECONDS).toString());
        text(header, "SystemInfo", "Klient");

        Party seller = invoice.seller();
        Party buyer = invoice.buyer();
        Identification id = identify(buyer);
        boolean euBuyer = id.kind == Identification.Kind.VAT_UE;

        Element podmiot1 = add(root, "Podmiot1");
        if (invoice.reverseCharge() && euBuyer) {
            // the seller's PL prefix, art. 97 ust. 10: intra-Community supplies name both VAT numbers
            text(podmiot1, "PrefiksPodatnika", "PL");
        }
        Element sellerId = add(podmiot1, "DaneIdentyfikacyjne");
        text(sellerId, "NIP", nip(seller.taxId()));
        text(sellerId, "Nazwa", seller.name().strip());
        address(podmiot1, "Adres", country(seller.country()), addressLine(seller));

        Element podmiot2 = add(root, "Podmiot2");
        Element buyerId = add(podmiot2, "DaneIdentyfikacyjne");
        switch (id.kind) {
            // a number that fits no format is written as it is: the checks keep such an invoice from being issued
            case NIP, BAD_NIP -> text(buyerId, "NIP", id.number);
            case VAT_UE, BAD_VAT -> {
                text(buyerId, "KodUE", id.country);
                text(buyerId, "NrVatUE", id.number);
            }
            case ID -> {
                if (id.country != null) {
                    text(buyerId, "KodKraju", id.country);
                }
                text(buyerId, "NrID", id.number);
            }
            default -> text(buyerId, "BrakID", "1");
        }
        text(buyerId, "Nazwa", buyer.name().strip());
        String buyerAddress = addressLine(buyer);
        if (buyerAddress != null) {
            address(podmiot2, "Adres", buyer.country() == null ? country(seller.country()) : country(buyer.country()),
                    buyerAddress);
        }
        text(podmiot2, "JST", "2");
        text(podmiot2, "GV", "2");

        Element fa = add(root, "Fa");
        text(fa, "KodWaluty", invoice.currency());
        text(fa, "P_1", invoice.issueDate().toString());
        text(fa, "P_2", invoice.number());
        if (invoice.saleDate() != null && !invoice.saleDate().equals(invoice.issueDate())) {
            text(fa, "P_6", invoice.saleDate().toString());
        }
        summary(fa, invoice, context);
        text(fa, "P_15", amount(invoice.grossTotal()));

        List<Row> rows = rows(invoice, context);
        Element notes = add(fa, "Adnotacje");
        text(notes, "P_16", "2");
        text(notes, "P_17", "2");
        boolean services = invoice.reverseCharge() && rows.stream().anyMatch(r -> !r.before()
                && !goods(r.line(), context));
        text(notes, "P_18", services ? "1" : "2");
        text(notes, "P_18A", context.splitPayment() ? "1" : "2");
        Element exemption = add(notes, "Zwolnienie");
        boolean exempt = !invoice.reverseCharge() && rows.stream().anyMatch(r -> !r.before() && r.line().taxExempt());
        if (exempt && !blank(invoice.exemptionBasis())) {
            text(exemption, "P_19", "1");
            text(exemption, "P_19A", invoice.exemptionBasis().strip());
        }
        else {
            text(exemption, "P_19N", "1");
        }
        text(add(notes, "NoweSrodkiTransportu"), "P_22N", "1");
        text(notes, "P_23", "2");
        text(add(notes, "PMarzy"), "P_PMarzyN", "1");

        text(fa, "RodzajFaktury", correction ? "KOR" : "VAT");
        if (correction) {
            if (!blank(invoice.correctionReason())) {
                text(fa, "PrzyczynaKorekty", invoice.correctionReason().strip());
            }
            // a decrease counts from the correction's date (art. 29a ust. 13), an increase from the original's
            text(fa, "TypKorekty", invoice.grossTotal().signum() < 0 ? "2" : "1");
            Element corrected = add(fa, "DaneFaKorygowanej");
            text(corrected, "DataWystFaKorygowanej", invoice.correctsIssueDate().toString());
            text(corrected, "NrFaKorygowanej", invoice.correctsNumber());
            if (context.correctedKsefNumber() != null) {
                text(corrected, "NrKSeF", "1");
                text(corrected, "NrKSeFFaKorygowanej", context.correctedKsefNumber());
            }
            else {
                text(corrected, "NrKSeFN", "1");
            }
        }
        if (invoice.exchangeRate() != null && invoice.exchangeRateDate() != null) {
            // FA(3) has no field for the date of the rate's table; the law asks for it (art. 31a), so it is said here
            Element rate = add(fa, "DodatkowyOpis");
            text(rate, "Klucz", "Kurs waluty");
            text(rate, "Wartosc", "1 " + invoice.currency() + " = " + quantity(invoice.exchangeRate()) + " PLN"
                    + (invoice.exchangeRateTable() == null ? "" : ", tabela " + invoice.exchangeRateTable())
                    + " z dnia " + invoice.exchangeRateDate());
        }
        int number = 1;
        for (Row row : rows) {
            line(fa, number++, row, invoice, context, euBuyer);
        }
        payment(fa, invoice);

        if (seller.registrationNumber() != null && seller.registrationNumber().strip().matches("\\d{9}|\\d{14}")) {
            Element registers = add(add(root, "Stopka"), "Rejestry");
            text(registers, "REGON", seller.registrationNumber().strip());
        }
        return write(doc);
    }

    /** P_13_x / P_14_x: per rate, in the order of the schema; a correction's are its differences. */
    private static void summary(Element fa, InvoiceView invoice, Context context) {
        Map<String, BigDecimal[]> byField = new LinkedHashMap<>();
        boolean foreign = !"PLN".equals(invoice.currency());
        if (invoice.reverseCharge()) {
            boolean eu = identify(invoice.buyer()).kind == Identification.Kind.VAT_UE;
            for (Line line : invoice.lines()) {
                String field = reverseChargeField(reverseChargeCode(line, context, eu));
                byField.merge(field, new BigDecimal[] { line.netAmount(), BigDecimal.ZERO }, Fa3Invoice::plus);
            }
        }
        else {
            for (Totals.RateRow row : invoice.byRate()) {
                String field = switch (row.code()) {
                    case Totals.EXEMPT -> "7";
                    case "23", "22" -> "1";
                    case "8", "7" -> "2";
                    case "5" -> "3";
                    case "0" -> "6_1";
                    default -> "?";
                };
                byField.merge(field, new BigDecimal[] { row.net(), row.tax() }, Fa3Invoice::plus);
            }
        }
        for (String field : List.of("1", "2", "3")) {
            BigDecimal[] sums = byField.get(field);
            if (sums != null) {
                text(fa, "P_13_" + field, amount(sums[0]));
                text(fa, "P_14_" + field, amount(sums[1]));
                if (foreign && invoice.exchangeRate() != null) {
                    text(fa, "P_14_" + field + "W", amount(sums[1].multiply(invoice.exchangeRate())));
                }
            }
        }
        for (String field : List.of("6_1", "6_2", "6_3", "7", "8", "9")) {
            BigDecimal[] sums = byField.get(field);
            if (sums != null) {
                text(fa, "P_13_" + field, amount(sums[0]));
            }
        }
    }

    /**
     * The P_13 field a reverse-charge line's net goes to: 6_2 (intra-Community supply), 6_3 (export), 9 (services
     * of art. 28b to an EU buyer), 8 (other supplies outside Poland). Public for the accountant's export, which
     * splits its columns the same way; {@code goods} as in {@link Context#goods()}.
     */
    public static String reverseChargeField(InvoiceView invoice, Line line, Set<Long> goods) {
        boolean eu = identify(invoice.buyer()).kind == Identification.Kind.VAT_UE;
        return reverseChargeField(reverseChargeCode(line, new Context(null, List.of(), null, goods, Set.of(), false,
                null), eu));
    }

    private static String reverseChargeField(String code) {
        return switch (code) {
            case "0 WDT" -> "6_2";
            case "0 EX" -> "6_3";
            case "np II" -> "9";
            default -> "8";
        };
    }

    private static BigDecimal[] plus(BigDecimal[] a, BigDecimal[] b) {
        return new BigDecimal[] { a[0].add(b[0]), a[1].add(b[1]) };
    }

    private static void line(Element fa, int number, Row row, InvoiceView invoice, Context context, boolean eu) {
        Line line = row.line();
        Element w = add(fa, "FaWiersz");
        text(w, "NrWierszaFa", Integer.toString(number));
        if (!blank(line.description())) {
            text(w, "P_7", line.description().strip());
        }
        if (!blank(line.unit())) {
            // the unit word the PDF prints in the document's language ("szt.", "godz."), not the catalog's code
            text(w, "P_8A", context.unitWord().apply(line.unit().strip()));
        }
        text(w, "P_8B", quantity(line.quantity()));
        text(w, "P_9A", price(line.unitPrice()));
        BigDecimal discount = line.quantity().multiply(line.unitPrice()).setScale(2, RoundingMode.HALF_UP)
                .subtract(line.netAmount());
        if (discount.signum() != 0) {
            text(w, "P_10", amount(discount));
        }
        text(w, "P_11", amount(line.netAmount()));
        String code = invoice.reverseCharge() ? reverseChargeCode(line, context, eu)
                : line.taxExempt() ? "zw" : rateCode(line.taxRate());
        text(w, "P_12", code);
        if (line.productId() != null && context.splitPaymentGoods().contains(line.productId())) {
            text(w, "P_12_Zal_15", "1");
        }
        if (invoice.exchangeRate() != null && !"PLN".equals(invoice.currency())) {
            text(w, "KursWaluty", quantity(invoice.exchangeRate()));
        }
        if (row.before()) {
            text(w, "StanPrzed", "1");
        }
    }

    private static void payment(Element fa, InvoiceView invoice) {
        Element payment = add(fa, "Platnosc");
        if (invoice.dueDate() != null && invoice.grossTotal().signum() > 0) {
            text(add(payment, "TerminPlatnosci"), "Termin", invoice.dueDate().toString());
        }
        text(payment, "FormaPlatnosci", switch (invoice.paymentMethod()) {
            case CASH -> "1";
            case CARD -> "2";
            case TRANSFER -> "6";
        });
        if (invoice.paymentMethod() == PaymentMethod.TRANSFER && !blank(invoice.seller().bankAccount())) {
            text(add(payment, "RachunekBankowy"), "NrRB", account(invoice.seller().bankAccount()));
        }
    }

    /**
     * The rows: an invoice's lines; for a correction, the lines of every item it touches as they stood before it
     * (the invoice with the corrections issued earlier) and after it. Klient's correction lines are differences
     * (a price change takes the units back at the old price and invoices them at the new one), so a state is the
     * sum of all lines of one item at one price, discount and rate.
     */
    static List<Row> rows(InvoiceView invoice, Context context) {
        if (!"CORRECTION".equals(invoice.kind()) || context.corrected() == null) {
            return invoice.lines().stream().map(l -> new Row(l, false)).toList();
        }
        List<Line> earlier = new ArrayList<>(context.corrected().lines());
        context.earlierCorrections().stream().filter(c -> c.id() != invoice.id())
                .forEach(c -> earlier.addAll(c.lines()));
        Set<String> touched = new LinkedHashSet<>();
        invoice.lines().forEach(l -> touched.add(item(l)));
        Map<String, Line> before = state(earlier);
        List<Line> all = new ArrayList<>(earlier);
        all.addAll(invoice.lines());
        Map<String, Line> after = state(all);
        List<Row> rows = new ArrayList<>();
        for (String item : touched) {
            before.values().stream().filter(l -> item(l).equals(item) && !empty(l))
                    .forEach(l -> rows.add(new Row(l, true)));
            List<Line> now = after.values().stream().filter(l -> item(l).equals(item)).toList();
            List<Line> kept = now.stream().filter(l -> !empty(l)).toList();
            if (kept.isEmpty() && !now.isEmpty()) {
                // all of it taken back: the row after says so with nothing left
                rows.add(new Row(now.get(0), false));
            }
            kept.forEach(l -> rows.add(new Row(l, false)));
        }
        return rows;
    }

    private static Map<String, Line> state(List<Line> lines) {
        Map<String, Line> state = new LinkedHashMap<>();
        for (Line l : lines) {
            String key = item(l) + "|" + l.unitPrice().stripTrailingZeros().toPlainString() + "|"
                    + (l.discountPercent() == null ? "0" : l.discountPercent().stripTrailingZeros().toPlainString())
                    + "|" + (l.taxExempt() ? "zw" : l.taxRate().stripTrailingZeros().toPlainString());
            state.merge(key, l, (a, b) -> new Line(a.productId(), a.description(), a.quantity().add(b.quantity()),
                    a.unit(), a.unitPrice(), a.discountPercent(), a.taxRate(), a.taxExempt(),
                    a.netAmount().add(b.netAmount())));
        }
        return state;
    }

    private static boolean empty(Line l) {
        return l.quantity().signum() == 0 && l.netAmount().signum() == 0;
    }

    private static String item(Line l) {
        return l.productId() != null ? "product:" + l.productId()
                : "item:" + (l.description() == null ? "" : l.description().strip().toLowerCase(Locale.ROOT));
    }

    private static boolean goods(Line line, Context context) {
        return line.productId() != null && context.goods().contains(line.productId());
    }

    private static String reverseChargeCode(Line line, Context context, boolean eu) {
        return reverseChargeCode(line, context.goods(), eu);
    }

    /**
     * The P_12 of a reverse-charged line. Abroad: goods leave at 0 % (intra-Community supply, export), services are
     * taxed where the buyer is. Public because the PDF and the invoice page print what the FA(3) says.
     */
    public static String reverseChargeCode(Line line, Set<Long> goods, boolean euBuyer) {
        if (line.productId() != null && goods.contains(line.productId())) {
            return euBuyer ? "0 WDT" : "0 EX";
        }
        return euBuyer ? "np II" : "np I";
    }

    /** Whether FA(3) identifies the buyer by an EU VAT number (intra-Community supplies and services). */
    public static boolean euBuyer(Party buyer) {
        return identify(buyer).kind == Identification.Kind.VAT_UE;
    }

    private static String rateCode(BigDecimal rate) {
        return rate == null ? null : RATE_CODES.get(rate.stripTrailingZeros().toPlainString());
    }

    // ---- parties

    /** How FA(3) identifies a buyer: Polish NIP, EU VAT number, another tax number, or none (a private buyer). */
    record Identification(Kind kind, String country, String number) {
        enum Kind { NIP, VAT_UE, ID, NONE, BAD_NIP, BAD_VAT }
    }

    static Identification identify(Party buyer) {
        String country = buyer.country() == null ? "PL" : buyer.country().strip().toUpperCase(Locale.ROOT);
        String taxId = blank(buyer.taxId()) ? null : compact(buyer.taxId());
        String vatId = blank(buyer.vatId()) ? null : compact(buyer.vatId());
        if ("PL".equals(country)) {
            String number = taxId != null ? taxId : vatId;
            if (number == null) {
                return new Identification(Identification.Kind.NONE, null, null);
            }
            String nip = nip(number);
            return nip == null ? new Identification(Identification.Kind.BAD_NIP, "PL", number)
                    : new Identification(Identification.Kind.NIP, "PL", nip);
        }
        String code = country.equals("GR") ? "EL" : country;
        if (EU.contains(code) && vatId != null) {
            // the VAT number's own prefix names the member state that gave it (Klient keeps it with the number)
            String prefix = vatId.length() > 2 && EU.contains(vatId.substring(0, 2)) ? vatId.substring(0, 2) : null;
            String number = prefix != null ? vatId.substring(2) : vatId.startsWith(country) ? vatId.substring(2)
                    : vatId;
            String state = prefix != null ? prefix : code;
            return number.matches(VAT_UE) ? new Identification(Identification.Kind.VAT_UE, state, number)
                    : new Identification(Identification.Kind.BAD_VAT, state, number);
        }
        String number = taxId != null ? taxId : vatId;
        if (number == null) {
            return new Identification(Identification.Kind.NONE, null, null);
        }
        return new Identification(Identification.Kind.ID, country.matches("[A-Z]{2}") ? country : null, number);
    }

    /** A Polish NIP as FA(3) takes it (ten digits, no dashes, no PL prefix), or null when it is not one. */
    static String nip(String taxId) {
        if (blank(taxId)) {
            return null;
        }
        String digits = compact(taxId).replaceFirst("^PL", "");
        return digits.matches(NIP) ? digits : null;
    }

    private static String compact(String s) {
        return s.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    private static String account(String account) {
        return account.replaceAll("\\s", "");
    }

    /** The address without the country it ends with (FA(3) gives the country its own field), or null. */
    static String addressLine(Party party) {
        if (blank(party.address())) {
            return null;
        }
        String line = party.address().strip();
        if (party.country() != null && line.endsWith(", " + party.country())) {
            line = line.substring(0, line.length() - party.country().length() - 2).strip();
        }
        else if (party.country() != null && line.equals(party.country())) {
            return null;
        }
        return line.isEmpty() ? null : line;
    }

    private static String country(String country) {
        return country == null ? "PL" : country;
    }

    private static void address(Element parent, String name, String country, String line) {
        Element address = add(parent, name);
        text(address, "KodKraju", country);
        text(address, "AdresL1", line);
    }

    // ---- XML

    private static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().newDocument();
        }
        catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element add(Element parent, String name) {
        Element child = parent.getOwnerDocument().createElementNS(NAMESPACE, name);
        parent.appendChild(child);
        return child;
    }

    private static Element text(Element parent, String name, String value) {
        Element child = add(parent, name);
        child.setTextContent(value);
        return child;
    }

    private static byte[] write(Document doc) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, StandardCharsets.UTF_8.name());
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            doc.setXmlStandalone(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        }
        catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    static String amount(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String price(BigDecimal value) {
        return value.setScale(Math.min(Math.max(value.stripTrailingZeros().scale(), 2), 8), RoundingMode.HALF_UP)
                .toPlainString();
    }

    private static String quantity(BigDecimal value) {
        BigDecimal q = value.setScale(Math.min(Math.max(value.stripTrailingZeros().scale(), 0), 6),
                RoundingMode.HALF_UP);
        return q.signum() == 0 ? "0" : q.toPlainString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
