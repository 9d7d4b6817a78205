package app.klient.billing.internal;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.klient.billing.Party;

/** Numbers and dates in a document's own language, whoever prints it. */
public record DocumentFormat(Locale locale, org.springframework.context.MessageSource messages) {

    /** A unit of measure in the document's language where Klient knows it. */
    public String unit(String unit) {
        return unit == null ? "" : messages.getMessage("unit." + unit, null, unit, locale);
    }

    public String money(BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return format.format(amount);
    }

    public String exact(BigDecimal number) {
        if (number == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(8);
        return format.format(number);
    }

    public String date(LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(date);
    }

    /**
     * A party's identifiers with the labels of its own country, in the document's language: NIP and REGON for a
     * Polish party, IČO and DIČ for a Czech one, the EU VAT number otherwise. The VAT number is printed besides the
     * national tax number only when it says more than it (not "PL" + the NIP), or when the VAT is reverse charged.
     */
    public List<String> ids(Party party, boolean reverseCharge) {
        List<String> lines = new ArrayList<>();
        String country = party.country() == null ? "" : party.country();
        switch (country) {
            case "PL" -> {
                add(lines, "pdf.id.nip", party.taxId());
                add(lines, "pdf.id.regon", party.registrationNumber());
            }
            case "CZ" -> {
                add(lines, "pdf.id.ico", party.registrationNumber());
                add(lines, "pdf.id.dic", party.taxId());
            }
            default -> {
                add(lines, "pdf.id.taxId", party.taxId());
                add(lines, "pdf.id.registration", party.registrationNumber());
            }
        }
        String vat = party.vatId();
        if (vat != null && !vat.isBlank() && (reverseCharge || !sameNumber(vat, party.taxId()))) {
            add(lines, "CZ".equals(country) && !reverseCharge && party.taxId() == null ? "pdf.id.dic" : "pdf.id.vatId",
                    vat);
        }
        return lines;
    }

    private void add(List<String> lines, String key, String value) {
        if (value != null && !value.isBlank()) {
            lines.add(messages.getMessage(key, new Object[] { value.strip() }, locale));
        }
    }

    /** "PL 526-104-08-28" and "5261040828" are one number; a VAT number is the tax number with its country's prefix. */
    private static boolean sameNumber(String vat, String tax) {
        if (tax == null || tax.isBlank()) {
            return false;
        }
        String v = vat.replaceAll("[\\s\\-./]", "").toUpperCase(Locale.ROOT);
        String t = tax.replaceAll("[\\s\\-./]", "").toUpperCase(Locale.ROOT);
        return v.equals(t) || (v.length() > 2 && v.substring(2).equals(t.replaceFirst("^[A-Z]{2}", "")));
    }
}
