package app.klient.billing.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import app.klient.billing.Line;
import app.klient.billing.LineForm;
import app.klient.billing.Party;
import app.klient.billing.SellerProfile;
import app.klient.billing.Totals;
import app.klient.catalog.Currencies;
import app.klient.catalog.ExchangeRates;
import app.klient.catalog.LineItems;
import app.klient.customers.Companies;
import app.klient.customers.CompanyView;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.platform.InvalidFields;
import org.springframework.stereotype.Component;

/**
 * What quotes, orders and invoices have in common: a buyer, a currency, lines completed from the catalog and
 * checked against the seller's VAT rates, and totals. One check for all three, so a rule cannot differ between them.
 */
@Component
public class Drafts {

    /** The most lines one document takes. */
    public static final int MAX_LINES = 500;

    private final Companies companies;
    private final Contacts contacts;
    private final LineItems items;
    private final String companyCurrency;

    Drafts(Companies companies, Contacts contacts, LineItems items, ExchangeRates rates) {
        this.companies = companies;
        this.contacts = contacts;
        this.items = items;
        this.companyCurrency = rates.companyCurrency();
    }

    public record Draft(Long companyId, Long contactId, String currency, boolean reverseCharge, List<Line> lines,
            Totals totals, Party buyer) {
    }

    public String companyCurrency() {
        return companyCurrency;
    }

    public Draft draft(Long companyId, Long contactId, String currency, Boolean reverseCharge, List<LineForm> lines,
            SellerProfile seller, Locale language, boolean corrections) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        CompanyView company = null;
        ContactView contact = null;
        if (companyId == null && contactId == null) {
            errors.add("companyId", "billing.buyer");
        }
        if (companyId != null) {
            if (companies.exists(companyId)) {
                company = companies.get(companyId);
            }
            else {
                errors.add("companyId", "company.notFound");
            }
        }
        if (contactId != null) {
            if (contacts.exists(contactId)) {
                contact = contacts.get(contactId);
            }
            else {
                errors.add("contactId", "contact.notFound");
            }
        }
        String code = currency == null || currency.isBlank() ? companyCurrency : currency;
        if (!Currencies.known(code)) {
            errors.add("currency", "deal.currency");
        }
        boolean rc = Boolean.TRUE.equals(reverseCharge);
        // a business abroad: inside the EU it is known by its VAT number, outside it (where no EU VAT number
        // exists) by its own tax number
        if (rc && (company == null || company.country() == null || company.country().equals(seller.country())
                || blank(company.vatId()) && (app.klient.billing.einvoice.Fa3Invoice.inEu(company.country())
                        || blank(company.taxId())))) {
            errors.add("reverseCharge", "billing.reverseCharge");
        }
        if (lines == null || lines.isEmpty()) {
            errors.add("lines", "billing.noLines");
        }
        else if (lines.size() > MAX_LINES) {
            errors.add("lines", "billing.tooManyLines", MAX_LINES);
        }
        else {
            // a free-text line has no product to take its rate from: 0 % only when someone chose it
            for (int i = 0; i < lines.size(); i++) {
                LineForm line = lines.get(i);
                if (line != null && line.productId() == null && line.taxRate() == null
                        && !Boolean.TRUE.equals(line.taxExempt()) && !rc) {
                    errors.add("lines[" + i + "].taxRate", "line.taxRate.required", i + 1);
                }
            }
        }
        errors.throwIfAny();
        List<Line> complete = items.complete(lines.stream().map(l -> l == null ? null : l.request()).toList(), code,
                company == null ? List.of() : company.tags(), language, "lines", corrections).stream()
                .map(Line::of).toList();
        List<BigDecimal> allowed = seller.rates();
        for (int i = 0; i < complete.size(); i++) {
            Line line = complete.get(i);
            if (!rc && !line.taxExempt() && allowed.stream().noneMatch(r -> r.compareTo(line.taxRate()) == 0)) {
                errors.add("lines[" + i + "].taxRate", "billing.taxRate", seller.taxRates());
            }
        }
        errors.throwIfAny();
        return new Draft(companyId, contactId, code, rc, complete, Totals.of(complete, rc), Buyers.of(company, contact));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
