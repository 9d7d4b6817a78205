package app.klient.customers.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Company identifiers checked by their country's rules: the Polish NIP and REGON, the Czech IČO and DIČ, and EU VAT
 * numbers (the format of every member state; the check digit where the rule is public: PL, CZ, SK, DE). Each method
 * answers the normalized value, or the message key of what is wrong.
 */
public final class Identifiers {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-./]");
    private static final Pattern FREE_FORM = Pattern.compile("[A-Z0-9]{2,32}");
    private static final Map<String, Pattern> VAT_FORMATS = Map.ofEntries(
            Map.entry("AT", Pattern.compile("U\\d{8}")), Map.entry("BE", Pattern.compile("[01]\\d{9}")),
            Map.entry("BG", Pattern.compile("\\d{9,10}")), Map.entry("CY", Pattern.compile("\\d{8}[A-Z]")),
            Map.entry("CZ", Pattern.compile("\\d{8,10}")), Map.entry("DE", Pattern.compile("\\d{9}")),
            Map.entry("DK", Pattern.compile("\\d{8}")), Map.entry("EE", Pattern.compile("\\d{9}")),
            Map.entry("EL", Pattern.compile("\\d{9}")), Map.entry("ES", Pattern.compile("[A-Z0-9]\\d{7}[A-Z0-9]")),
            Map.entry("FI", Pattern.compile("\\d{8}")), Map.entry("FR", Pattern.compile("[A-HJ-NP-Z0-9]{2}\\d{9}")),
            Map.entry("HR", Pattern.compile("\\d{11}")), Map.entry("HU", Pattern.compile("\\d{8}")),
            Map.entry("IE", Pattern.compile("\\d[A-Z0-9+*]\\d{5}[A-Z]{1,2}")), Map.entry("IT", Pattern.compile("\\d{11}")),
            Map.entry("LT", Pattern.compile("\\d{9}|\\d{12}")), Map.entry("LU", Pattern.compile("\\d{8}")),
            Map.entry("LV", Pattern.compile("\\d{11}")), Map.entry("MT", Pattern.compile("\\d{8}")),
            Map.entry("NL", Pattern.compile("\\d{9}B\\d{2}")), Map.entry("PL", Pattern.compile("\\d{10}")),
            Map.entry("PT", Pattern.compile("\\d{9}")), Map.entry("RO", Pattern.compile("\\d{2,10}")),
            Map.entry("SE", Pattern.compile("\\d{10}01")), Map.entry("SI", Pattern.compile("\\d{8}")),
            Map.entry("SK", Pattern.compile("\\d{10}")), Map.entry("XI", Pattern.compile("\\d{9}|\\d{12}|GD\\d{3}|HA\\d{3}")));

    private Identifiers() {
    }

    public record Checked(String value, String errorKey) {

        static Checked ok(String value) {
            return new Checked(value, null);
        }

        static Checked wrong(String errorKey) {
            return new Checked(null, errorKey);
        }

        public boolean valid() {
            return errorKey == null;
        }
    }

    /** The tax number: NIP in Poland, DIČ in Czechia (kept with its CZ prefix), elsewhere letters and digits. */
    public static Checked taxId(String country, String raw) {
        String value = compact(raw);
        if ("PL".equals(country)) {
            value = value.startsWith("PL") ? value.substring(2) : value;
            return nip(value) ? Checked.ok(value) : Checked.wrong("identifier.nip");
        }
        if ("CZ".equals(country)) {
            String digits = value.startsWith("CZ") ? value.substring(2) : value;
            return czechDic(digits) ? Checked.ok("CZ" + digits) : Checked.wrong("identifier.dic");
        }
        return FREE_FORM.matcher(value).matches() ? Checked.ok(value) : Checked.wrong("identifier.format");
    }

    /** The business register number: REGON in Poland, IČO in Czechia. */
    public static Checked registrationNumber(String country, String raw) {
        String value = compact(raw);
        if ("PL".equals(country)) {
            return regon(value) ? Checked.ok(value) : Checked.wrong("identifier.regon");
        }
        if ("CZ".equals(country)) {
            String padded = value.matches("\\d{1,7}") ? "0".repeat(8 - value.length()) + value : value;
            return ico(padded) ? Checked.ok(padded) : Checked.wrong("identifier.ico");
        }
        return FREE_FORM.matcher(value).matches() ? Checked.ok(value) : Checked.wrong("identifier.format");
    }

    /** An EU VAT number with its two-letter prefix (EL for Greece, XI for Northern Ireland). */
    public static Checked vatId(String raw) {
        String value = compact(raw);
        if (value.length() < 4) {
            return Checked.wrong("identifier.vat.format");
        }
        String prefix = value.substring(0, 2);
        String number = value.substring(2);
        Pattern format = VAT_FORMATS.get(prefix);
        if (format == null) {
            return Checked.wrong("identifier.vat.country");
        }
        if (!format.matcher(number).matches()) {
            return Checked.wrong("identifier.vat.format");
        }
        boolean checkDigitOk = switch (prefix) {
            case "PL" -> nip(number);
            case "CZ" -> czechDic(number);
            case "SK" -> new java.math.BigInteger(number).mod(java.math.BigInteger.valueOf(11)).signum() == 0;
            case "DE" -> germanVat(number);
            default -> true;
        };
        return checkDigitOk ? Checked.ok(value) : Checked.wrong("identifier.vat.checksum");
    }

    static boolean nip(String value) {
        if (!value.matches("\\d{10}")) {
            return false;
        }
        int[] weights = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += weights[i] * digit(value, i);
        }
        int check = sum % 11;
        return check != 10 && check == digit(value, 9);
    }

    static boolean regon(String value) {
        if (value.matches("\\d{9}")) {
            return weighted(value, new int[] { 8, 9, 2, 3, 4, 5, 6, 7 });
        }
        if (value.matches("\\d{14}")) {
            return weighted(value.substring(0, 9), new int[] { 8, 9, 2, 3, 4, 5, 6, 7 })
                    && weighted(value, new int[] { 2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8 });
        }
        return false;
    }

    static boolean ico(String value) {
        if (!value.matches("\\d{8}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 7; i++) {
            sum += (8 - i) * digit(value, i);
        }
        int check = (11 - sum % 11) % 10;
        return check == digit(value, 7);
    }

    /** CZ DIČ: a company's is its IČO; a person's is the birth number (10 digits divisible by 11, 9 before 1954). */
    static boolean czechDic(String digits) {
        if (digits.matches("\\d{8}")) {
            return ico(digits);
        }
        if (digits.matches("\\d{9}")) {
            return true;
        }
        if (digits.matches("\\d{10}")) {
            long number = Long.parseLong(digits);
            long firstNine = number / 10;
            return number % 11 == 0 || (firstNine % 11 == 10 && number % 10 == 0);
        }
        return false;
    }

    /** ISO 7064 MOD 11,10 as the German Bundeszentralamt für Steuern publishes it. */
    static boolean germanVat(String digits) {
        int product = 10;
        for (int i = 0; i < 8; i++) {
            int sum = (digit(digits, i) + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = (2 * sum) % 11;
        }
        int check = 11 - product == 10 ? 0 : 11 - product;
        return check == digit(digits, 8);
    }

    private static boolean weighted(String value, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] * digit(value, i);
        }
        int check = sum % 11 == 10 ? 0 : sum % 11;
        return check == digit(value, weights.length);
    }

    private static int digit(String value, int index) {
        return value.charAt(index) - '0';
    }

    static String compact(String raw) {
        return SEPARATORS.matcher(raw == null ? "" : raw).replaceAll("").toUpperCase(Locale.ROOT);
    }

    public static Optional<String> country(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String code = raw.strip().toUpperCase(Locale.ROOT);
        return java.util.Arrays.asList(Locale.getISOCountries()).contains(code) ? Optional.of(code) : Optional.empty();
    }
}
