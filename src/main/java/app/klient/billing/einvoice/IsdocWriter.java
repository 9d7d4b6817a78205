package app.klient.billing.einvoice;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An issued invoice or correction as an ISDOC 6.0.2 document (namespace {@code http://isdoc.cz/namespace/2013}), the
 * format Czech accounting systems import.
 * <p>
 * Currencies: ISDOC keeps every amount in the "local" currency (the one the seller accounts and reports VAT in: the
 * company currency) and, for an invoice in another currency, also in that "foreign" one ({@code ...Curr} elements)
 * with the rate. The foreign amounts are the invoice's own, the ones its PDF prints; the local ones are converted
 * at the invoice's frozen rate per VAT rate (as the VAT in the company currency is), and the lines share those
 * converted sums, so that lines, rates and totals add up exactly in both currencies.
 * <p>
 * A correction that lowers the amount is a credit note (DocumentType 2) and one that raises it a debit note (3):
 * ISDOC gives their amounts as positive differences, the type saying which way they go, so a credit note's signs
 * are turned round.
 */
public final class IsdocWriter {

    public static final String NAMESPACE = "http://isdoc.cz/namespace/2013";
    public static final String VERSION = "6.0.2";

    /** What the document needs besides the invoice: the company currency and the notes in the invoice's language. */
    public record Context(String companyCurrency, String reverseChargeNote) {
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Pattern NOT_XML = Pattern.compile("[^\\t\\n\\r\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}"
            + "\\x{10000}-\\x{10FFFF}]");

    private IsdocWriter() {
    }

    /** The document's UUID: the same for the same invoice every time it is built (a name-based UUID). */
    public static UUID uuid(long invoiceId, String number) {
        return UUID.nameUUIDFromBytes(("klient-invoice:" + invoiceId + ":" + number).getBytes(StandardCharsets.UTF_8));
    }

    /** 1 invoice, 2 credit note (a correction that lowers the amount), 3 debit note (one that raises it). */
    public static int documentType(InvoiceView invoice) {
        if (!"CORRECTION".equals(invoice.kind())) {
            return 1;
        }
        return invoice.grossTotal().signum() < 0
                || (invoice.grossTotal().signum() == 0 && invoice.netTotal().signum() < 0) ? 2 : 3;
    }

    public static byte[] write(InvoiceView invoice, Context context) {
        try {
            Document xml = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
            new Build(xml, invoice, context).invoice();
            var transformer = TransformerFactory.newDefaultInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            // the JDK writes its own declaration without a line break after it
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(StandardCharsets.UTF_8));
            transformer.transform(new DOMSource(xml), new StreamResult(out));
            return out.toByteArray();
        }
        catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("The JDK's XML tools write every document", e);
        }
    }

    /** One document being built: the invoice, its sign and its currencies. */
    private static final class Build {

        private final Document xml;
        private final InvoiceView invoice;
        private final Context context;
        /** -1 on a credit note, whose differences ISDOC gives as positive amounts. */
        private final BigDecimal sign;
        /** Whether the invoice is in another currency than the company's: then both are given. */
        private final boolean foreign;
        private final BigDecimal rate;
        private final Locale language;

        Build(Document xml, InvoiceView invoice, Context context) {
            this.xml = xml;
            this.invoice = invoice;
            this.context = context;
            this.sign = documentType(invoice) == 2 ? BigDecimal.ONE.negate() : BigDecimal.ONE;
            this.foreign = invoice.exchangeRate() != null && !invoice.currency().equals(context.companyCurrency());
            this.rate = foreign ? invoice.exchangeRate() : BigDecimal.ONE;
            this.language = Locale.forLanguageTag(invoice.language() == null ? "cs" : invoice.language());
        }

        void invoice() {
            Element root = xml.createElementNS(NAMESPACE, "Invoice");
            root.setAttribute("version", VERSION);
            xml.appendChild(root);
            text(root, "DocumentType", String.valueOf(documentType(invoice)));
            text(root, "ID", invoice.number());
            text(root, "UUID", uuid(invoice.id(), invoice.number()).toString());
            text(root, "IssuingSystem", "Klient");
            text(root, "IssueDate", invoice.issueDate().toString());
            // a correction's taxable event is the correction itself (the day it is issued), an invoice's the sale
            text(root, "TaxPointDate", ("CORRECTION".equals(invoice.kind()) ? invoice.issueDate()
                    : invoice.saleDate()).toString());
            // Klient's sellers charge VAT (their profile lists the rates); exempt and reverse-charge lines say so
            text(root, "VATApplicable", "true");
            // no agreement on electronic invoices is on record; the element is required, so it stays empty
            text(root, "ElectronicPossibilityAgreementReference", "");
            String note = note();
            if (note != null) {
                text(root, "Note", note).setAttribute("languageID", language.getLanguage());
            }
            text(root, "LocalCurrencyCode", foreign ? context.companyCurrency() : invoice.currency());
            if (foreign) {
                text(root, "ForeignCurrencyCode", invoice.currency());
            }
            text(root, "CurrRate", foreign ? rate.stripTrailingZeros().toPlainString() : "1");
            text(root, "RefCurrRate", "1");
            party(child(root, "AccountingSupplierParty"), invoice.seller());
            party(child(root, "AccountingCustomerParty"), invoice.buyer());
            if (invoice.correctsId() != null) {
                Element reference = child(child(root, "OriginalDocumentReferences"), "OriginalDocumentReference");
                reference.setAttribute("id", "original");
                text(reference, "ID", invoice.correctsNumber());
                if (invoice.correctsIssueDate() != null) {
                    text(reference, "IssueDate", invoice.correctsIssueDate().toString());
                }
                text(reference, "UUID", uuid(invoice.correctsId(), invoice.correctsNumber()).toString());
            }
            lines(child(root, "InvoiceLines"));
            taxTotal(child(root, "TaxTotal"));
            monetaryTotal(child(root, "LegalMonetaryTotal"));
            payment(root);
        }

        /**
         * ISDOC has one document note: a correction's reason, else the reverse-charge note. The two are never run
         * together; a reverse-charged correction says the reverse charge on each line (VATNote).
         */
        private String note() {
            if (invoice.correctionReason() != null) {
                return invoice.correctionReason();
            }
            return invoice.reverseCharge() ? context.reverseChargeNote() : null;
        }

        private void party(Element holder, Party party) {
            Element element = child(holder, "Party");
            // IČO (REGON in Poland) identifies a company; without one, its tax number is the next best thing
            String id = first(party.registrationNumber(), party.taxId(), party.vatId());
            text(child(element, "PartyIdentification"), "ID", id == null ? "" : id);
            text(child(element, "PartyName"), "Name", party.name());
            address(child(element, "PostalAddress"), party);
            // DIČ is the VAT number in Czechia (CZ12345678); elsewhere the EU VAT number is the VAT scheme's and
            // the national tax number (NIP) the TIN scheme's
            String vat = blank(party.vatId()) ? ("CZ".equals(party.country()) ? party.taxId() : null)
                    : party.vatId();
            if (!blank(vat)) {
                taxScheme(element, vat.strip(), "VAT");
            }
            if (!blank(party.taxId()) && !party.taxId().strip().equals(vat == null ? null : vat.strip())) {
                taxScheme(element, party.taxId().strip(), "TIN");
            }
        }

        private void taxScheme(Element party, String id, String scheme) {
            Element tax = child(party, "PartyTaxScheme");
            text(tax, "CompanyID", id);
            text(tax, "TaxScheme", scheme);
        }

        private void address(Element element, Party party) {
            Address address = Address.parse(party.address(), party.country());
            text(element, "StreetName", address.street());
            text(element, "BuildingNumber", address.building());
            text(element, "CityName", address.city());
            text(element, "PostalZone", address.postalCode());
            Element country = child(element, "Country");
            String code = party.country() == null ? "" : party.country();
            text(country, "IdentificationCode", code);
            text(country, "Name", code.isEmpty() ? "" : new Locale("", code).getDisplayCountry(language));
        }

        private void lines(Element holder) {
            List<Line> lines = invoice.lines();
            // the VAT of each rate row shared over its lines, in both currencies, so that everything adds up
            BigDecimal[] netLocal = new BigDecimal[lines.size()];
            BigDecimal[] tax = new BigDecimal[lines.size()];
            BigDecimal[] taxLocal = new BigDecimal[lines.size()];
            for (Totals.RateRow row : invoice.byRate()) {
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    if (code(lines.get(i)).equals(row.code())) {
                        members.add(i);
                    }
                }
                BigDecimal[] nets = members.stream().map(i -> lines.get(i).netAmount()).toArray(BigDecimal[]::new);
                share(members, nets, local(row.net()), n -> n.multiply(rate), netLocal);
                share(members, nets, row.tax(), n -> n.multiply(row.rate()).divide(HUNDRED), tax);
                share(members, nets, local(row.tax()), n -> n.multiply(row.rate()).divide(HUNDRED).multiply(rate),
                        taxLocal);
            }
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                Element element = child(holder, "InvoiceLine");
                text(element, "ID", String.valueOf(i + 1));
                Element quantity = text(element, "InvoicedQuantity", plain(line.quantity().multiply(sign)));
                if (!blank(line.unit())) {
                    quantity.setAttribute("unitCode", line.unit());
                }
                BigDecimal net = line.netAmount();
                if (foreign) {
                    amount(element, "LineExtensionAmountCurr", net);
                }
                amount(element, "LineExtensionAmount", netLocal[i]);
                if (foreign) {
                    amount(element, "LineExtensionAmountTaxInclusiveCurr", net.add(tax[i]));
                }
                amount(element, "LineExtensionAmountTaxInclusive", netLocal[i].add(taxLocal[i]));
                amount(element, "LineExtensionTaxAmount", taxLocal[i]);
                // the price after the line's discount, in the local currency: ISDOC has no foreign unit price
                BigDecimal unit = line.unitPrice().multiply(HUNDRED.subtract(line.discountPercent() == null
                        ? BigDecimal.ZERO : line.discountPercent())).divide(HUNDRED).multiply(rate);
                BigDecimal percent = percent(line);
                text(element, "UnitPrice", plain(unit.setScale(4, RoundingMode.HALF_UP)));
                text(element, "UnitPriceTaxInclusive", plain(unit.multiply(HUNDRED.add(percent)).divide(HUNDRED)
                        .setScale(4, RoundingMode.HALF_UP)));
                Element category = child(element, "ClassifiedTaxCategory");
                text(category, "Percent", plain(percent));
                // Klient computes VAT from the net amounts ("zdola"), per rate
                text(category, "VATCalculationMethod", "0");
                if (invoice.reverseCharge() || line.taxExempt()) {
                    text(category, "VATApplicable", "false");
                }
                if (invoice.reverseCharge() && context.reverseChargeNote() != null) {
                    text(element, "VATNote", context.reverseChargeNote())
                            .setAttribute("languageID", language.getLanguage());
                }
                else if (line.taxExempt() && invoice.exemptionBasis() != null) {
                    text(element, "VATNote", invoice.exemptionBasis());
                }
                if (!blank(line.description())) {
                    text(child(element, "Item"), "Description", line.description());
                }
            }
        }

        private void taxTotal(Element element) {
            BigDecimal taxLocal = BigDecimal.ZERO;
            for (Totals.RateRow row : invoice.byRate()) {
                Element sub = child(element, "TaxSubTotal");
                BigDecimal netLocal = local(row.net());
                BigDecimal rowTaxLocal = local(row.tax());
                taxLocal = taxLocal.add(rowTaxLocal);
                pair(sub, "TaxableAmount", row.net(), netLocal);
                pair(sub, "TaxAmount", row.tax(), rowTaxLocal);
                pair(sub, "TaxInclusiveAmount", row.gross(), netLocal.add(rowTaxLocal));
                pair(sub, "AlreadyClaimedTaxableAmount", BigDecimal.ZERO, BigDecimal.ZERO);
                pair(sub, "AlreadyClaimedTaxAmount", BigDecimal.ZERO, BigDecimal.ZERO);
                pair(sub, "AlreadyClaimedTaxInclusiveAmount", BigDecimal.ZERO, BigDecimal.ZERO);
                pair(sub, "DifferenceTaxableAmount", row.net(), netLocal);
                pair(sub, "DifferenceTaxAmount", row.tax(), rowTaxLocal);
                pair(sub, "DifferenceTaxInclusiveAmount", row.gross(), netLocal.add(rowTaxLocal));
                Element category = child(sub, "TaxCategory");
                text(category, "Percent", plain(row.rate()));
                boolean applicable = !row.code().equals(Totals.EXEMPT) && !row.code().equals(Totals.REVERSE_CHARGE);
                text(category, "VATApplicable", String.valueOf(applicable));
            }
            if (foreign) {
                amount(element, "TaxAmountCurr", invoice.taxTotal());
            }
            amount(element, "TaxAmount", taxLocal);
        }

        private void monetaryTotal(Element element) {
            BigDecimal netLocal = invoice.byRate().stream().map(r -> local(r.net())).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
            BigDecimal grossLocal = netLocal.add(invoice.byRate().stream().map(r -> local(r.tax()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add));
            // this schema puts the local amount before the foreign one here, unlike in the tax subtotals
            amount(element, "TaxExclusiveAmount", netLocal);
            foreign(element, "TaxExclusiveAmountCurr", invoice.netTotal());
            amount(element, "TaxInclusiveAmount", grossLocal);
            foreign(element, "TaxInclusiveAmountCurr", invoice.grossTotal());
            amount(element, "AlreadyClaimedTaxExclusiveAmount", BigDecimal.ZERO);
            foreign(element, "AlreadyClaimedTaxExclusiveAmountCurr", BigDecimal.ZERO);
            amount(element, "AlreadyClaimedTaxInclusiveAmount", BigDecimal.ZERO);
            foreign(element, "AlreadyClaimedTaxInclusiveAmountCurr", BigDecimal.ZERO);
            amount(element, "DifferenceTaxExclusiveAmount", netLocal);
            foreign(element, "DifferenceTaxExclusiveAmountCurr", invoice.netTotal());
            amount(element, "DifferenceTaxInclusiveAmount", grossLocal);
            foreign(element, "DifferenceTaxInclusiveAmountCurr", invoice.grossTotal());
            amount(element, "PaidDepositsAmount", BigDecimal.ZERO);
            foreign(element, "PaidDepositsAmountCurr", BigDecimal.ZERO);
            amount(element, "PayableAmount", grossLocal);
            foreign(element, "PayableAmountCurr", invoice.grossTotal());
        }

        /**
         * How the buyer pays: a transfer names the due date, the seller's account and the variable symbol. A credit
         * note has nothing to pay (the seller refunds), so it has no payment.
         */
        private void payment(Element root) {
            if (documentType(invoice) == 2) {
                return;
            }
            Element payment = child(child(root, "PaymentMeans"), "Payment");
            // what the buyer transfers is the invoice's own amount, in its currency
            amount(payment, "PaidAmount", invoice.grossTotal());
            text(payment, "PaymentMeansCode", switch (invoice.paymentMethod() == null ? PaymentMethod.TRANSFER
                    : invoice.paymentMethod()) {
                case CASH -> "10";
                case CARD -> "48";
                case TRANSFER -> "42";
            });
            if (invoice.paymentMethod() != null && invoice.paymentMethod() != PaymentMethod.TRANSFER) {
                return;
            }
            Element details = child(payment, "Details");
            text(details, "PaymentDueDate", invoice.dueDate().toString());
            BankAccount account = BankAccount.parse(invoice.seller().bankAccount());
            text(details, "ID", account.number());
            text(details, "BankCode", account.bankCode());
            text(details, "Name", "");
            text(details, "IBAN", account.iban());
            text(details, "BIC", "");
            if (invoice.variableSymbol() != null) {
                text(details, "VariableSymbol", invoice.variableSymbol());
            }
        }

        /** A foreign and a local amount, in the order the tax subtotal wants: the foreign one first. */
        private void pair(Element parent, String name, BigDecimal own, BigDecimal local) {
            foreign(parent, name + "Curr", own);
            amount(parent, name, local);
        }

        private void foreign(Element parent, String name, BigDecimal own) {
            if (foreign) {
                amount(parent, name, own);
            }
        }

        private BigDecimal local(BigDecimal own) {
            return own.multiply(rate).setScale(2, RoundingMode.HALF_UP);
        }

        private Element amount(Element parent, String name, BigDecimal value) {
            return text(parent, name, value.multiply(sign).setScale(2, RoundingMode.HALF_UP).toPlainString());
        }

        private Element child(Element parent, String name) {
            Element element = xml.createElementNS(NAMESPACE, name);
            parent.appendChild(element);
            return element;
        }

        private Element text(Element parent, String name, String value) {
            Element element = child(parent, name);
            // characters XML 1.0 cannot carry at all (control characters pasted into a description) are left out
            element.setTextContent(value == null ? "" : NOT_XML.matcher(value).replaceAll(""));
            return element;
        }

        private BigDecimal percent(Line line) {
            return invoice.reverseCharge() || line.taxExempt() ? BigDecimal.ZERO : line.taxRate();
        }

        private String code(Line line) {
            return invoice.reverseCharge() ? Totals.REVERSE_CHARGE : line.taxExempt() ? Totals.EXEMPT
                    : line.taxRate().stripTrailingZeros().toPlainString();
        }
    }

    /**
     * Shares {@code total} over the lines {@code members} in proportion to what {@code raw} makes of their nets:
     * each rounded to cents, the cents left over on the largest line, so the lines add up to the total exactly.
     */
    static void share(List<Integer> members, BigDecimal[] nets, BigDecimal total,
            java.util.function.UnaryOperator<BigDecimal> raw, BigDecimal[] into) {
        BigDecimal sum = BigDecimal.ZERO;
        int largest = -1;
        for (int k = 0; k < members.size(); k++) {
            BigDecimal value = raw.apply(nets[k]).setScale(2, RoundingMode.HALF_UP);
            into[members.get(k)] = value;
            sum = sum.add(value);
            if (largest < 0 || nets[k].abs().compareTo(nets[largest].abs()) > 0) {
                largest = k;
            }
        }
        if (largest >= 0) {
            int at = members.get(largest);
            into[at] = into[at].add(total.subtract(sum));
        }
    }

    static String plain(BigDecimal value) {
        String text = value.stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (!blank(value)) {
                return value.strip();
            }
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * An address as ISDOC wants it, in parts, from the one line an issued invoice keeps ("Dlouhá 12, 602 00 Brno,
     * CZ": street and number, postal code and town, region, country). What cannot be told apart stays in the street.
     */
    record Address(String street, String building, String city, String postalCode) {

        private static final Pattern BUILDING = Pattern.compile("^(.*\\D)\\s+(\\d+[\\p{L}]?(?:/\\d+[\\p{L}]?)?)$");
        private static final Pattern TOWN = Pattern.compile("^(\\d[\\d -]*\\d|\\d)\\s+(\\D.*)$");

        static Address parse(String line, String country) {
            if (line == null || line.isBlank()) {
                return new Address("", "", "", "");
            }
            List<String> parts = new ArrayList<>(List.of(line.split("\\s*,\\s*")));
            if (parts.size() > 1 && parts.get(parts.size() - 1).equalsIgnoreCase(country == null ? "" : country)) {
                parts.remove(parts.size() - 1);
            }
            String street = "";
            String town = "";
            if (parts.size() == 1) {
                if (TOWN.matcher(parts.get(0)).matches()) {
                    town = parts.get(0);
                }
                else {
                    street = parts.get(0);
                }
            }
            else if (!parts.isEmpty()) {
                street = parts.get(0);
                town = parts.get(1);
            }
            String building = "";
            Matcher numbered = BUILDING.matcher(street);
            if (numbered.matches()) {
                street = numbered.group(1).strip();
                building = numbered.group(2);
            }
            Matcher postal = TOWN.matcher(town);
            return postal.matches() ? new Address(street, building, postal.group(2).strip(), postal.group(1))
                    : new Address(street, building, town, "");
        }
    }

    /**
     * The seller's account as ISDOC names it: the IBAN, and the domestic number with its bank code (Czech
     * "123456789/0800", or taken from a Czech IBAN; a Polish IBAN's domestic number is its 26 digits).
     */
    record BankAccount(String number, String bankCode, String iban) {

        static BankAccount parse(String account) {
            if (account == null || account.isBlank()) {
                return new BankAccount("", "", "");
            }
            String compact = account.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
            if (compact.matches("[A-Z]{2}\\d{2}[A-Z0-9]{10,30}")) {
                if (compact.startsWith("CZ") && compact.length() == 24) {
                    String prefix = compact.substring(8, 14).replaceFirst("^0+", "");
                    String number = compact.substring(14).replaceFirst("^0+", "");
                    return new BankAccount((prefix.isEmpty() ? "" : prefix + "-") + number, compact.substring(4, 8),
                            compact);
                }
                if (compact.startsWith("PL") && compact.length() == 28) {
                    return new BankAccount(compact.substring(2), compact.substring(4, 12), compact);
                }
                return new BankAccount(compact.substring(4), "", compact);
            }
            if (compact.matches("\\d{26}")) {
                // a Polish account number without the country code
                return new BankAccount(compact, compact.substring(2, 10), "PL" + compact);
            }
            Matcher czech = Pattern.compile("((?:\\d{1,6}-)?\\d{2,10})/(\\d{4})").matcher(compact);
            if (czech.matches()) {
                return new BankAccount(czech.group(1), czech.group(2), "");
            }
            return new BankAccount(account.strip(), "", "");
        }
    }
}
