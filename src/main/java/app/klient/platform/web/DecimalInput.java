package app.klient.platform.web;

import java.math.BigDecimal;
import java.text.ParseException;
import java.util.Locale;

import org.springframework.format.Formatter;

/**
 * Amounts as people type them in Poland and Czechia as well as in English: "1 234,50", "1234.5", "1,234.50". Spaces
 * (also non-breaking ones) group thousands; a lone comma is the decimal mark; with both marks the last one is.
 */
final class DecimalInput implements Formatter<BigDecimal> {

    @Override
    public BigDecimal parse(String text, Locale locale) throws ParseException {
        String s = text.strip().replaceAll("[\\s\\u00a0\\u202f]", "");
        int comma = s.lastIndexOf(',');
        int dot = s.lastIndexOf('.');
        if (comma >= 0 && dot >= 0) {
            s = comma > dot ? s.replace(".", "").replace(',', '.') : s.replace(",", "");
        }
        else if (comma >= 0) {
            s = s.replace(',', '.');
        }
        if (!s.matches("[+-]?\\d{1,30}(\\.\\d{1,12})?")) {
            throw new ParseException(text, 0);
        }
        return new BigDecimal(s);
    }

    @Override
    public String print(BigDecimal value, Locale locale) {
        return value.toPlainString();
    }
}
