package app.klient.platform.export;

import java.util.regex.Pattern;

/** What a cell holds once it leaves Klient: text that a spreadsheet would run as a formula is made plain text. */
public final class Cells {

    /** Phone numbers and signed numbers: they start like a formula but are not one. */
    private static final Pattern NUMBERS = Pattern.compile("[+-]?[\\d ;+]*");

    private Cells() {
    }

    /**
     * A text starting with = + - @ (or a tab or carriage return, which some spreadsheets skip before one) gets an
     * apostrophe in front, so Excel and LibreOffice show {@code =cmd|' /C calc'!A0} instead of running it.
     */
    public static String neutralized(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0
                && !NUMBERS.matcher(value).matches()) {
            return "'" + value;
        }
        return value;
    }
}
