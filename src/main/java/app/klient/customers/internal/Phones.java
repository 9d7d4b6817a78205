package app.klient.customers.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone numbers kept in E.164 (+48601234567) so that one number has one spelling for search and duplicates, and
 * shown the way the reader dials them: national format at home, international abroad.
 */
public final class Phones {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private Phones() {
    }

    /** E.164 of a number typed by a person; a number without +country is read as one of {@code region}. */
    public static Identifiers.Checked normalize(String raw, String region) {
        if (raw == null || raw.isBlank() || raw.length() > 40) {
            return Identifiers.Checked.wrong("phone.invalid");
        }
        try {
            PhoneNumber number = UTIL.parse(raw.strip(), region == null ? "PL" : region);
            if (!UTIL.isValidNumber(number)) {
                return Identifiers.Checked.wrong("phone.invalid");
            }
            return Identifiers.Checked.ok(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        }
        catch (NumberParseException e) {
            return Identifiers.Checked.wrong("phone.invalid");
        }
    }

    public static String display(String e164, String viewerRegion) {
        try {
            PhoneNumber number = UTIL.parse(e164, null);
            String region = UTIL.getRegionCodeForNumber(number);
            PhoneNumberUtil.PhoneNumberFormat format = region != null && region.equals(viewerRegion)
                    ? PhoneNumberUtil.PhoneNumberFormat.NATIONAL : PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL;
            return UTIL.format(number, format);
        }
        catch (NumberParseException e) {
            return e164;
        }
    }

    /**
     * The digits a person may type into search for this number. The national number is the tail of the E.164 digits
     * (+48601234567 ends in 601234567), so the digits alone let a fragment search find either.
     */
    public static String searchable(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }
}
