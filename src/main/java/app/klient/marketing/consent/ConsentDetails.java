package app.klient.marketing.consent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.platform.Phrase;

/**
 * The source detail Klient writes itself is stored machine-readable ({@code web form #3, lead #41},
 * {@code confirmation #7}, {@code campaign:1 page}, {@code feedback-type: abuse campaign:1}, {@code contact-import})
 * and put into the reader's words only when shown. A detail a person typed (by hand, over the API, in an import) is
 * shown as typed.
 */
final class ConsentDetails {

    private static final Pattern FORM = Pattern.compile("web form #(\\d+), lead #(\\d+)");
    private static final Pattern CONFIRMATION = Pattern.compile("confirmation #(\\d+)");
    private static final Pattern UNSUBSCRIBE = Pattern.compile("(campaign|journey|confirmation|test):(\\d+) (page|one-click)");
    private static final Pattern COMPLAINT = Pattern.compile("feedback-type: (\\S+)(?: campaign:(\\d+))?");

    private ConsentDetails() {
    }

    /** The detail as a phrase for the reader's language, or null when it is a person's own words (shown as typed). */
    static Phrase phrase(String source, String detail) {
        if (detail == null || source == null) {
            return null;
        }
        Matcher m;
        switch (source) {
            case "FORM" -> {
                if ((m = FORM.matcher(detail)).matches()) {
                    return Phrase.of("consent.detail.form", Phrase.text(m.group(1)), Phrase.text(m.group(2)));
                }
            }
            case "CONFIRMATION" -> {
                if ((m = CONFIRMATION.matcher(detail)).matches()) {
                    return Phrase.of("consent.detail.confirmation", Phrase.text(m.group(1)));
                }
            }
            case "UNSUBSCRIBE" -> {
                if ((m = UNSUBSCRIBE.matcher(detail)).matches()) {
                    String kind = m.group(1).toUpperCase(java.util.Locale.ROOT);
                    return Phrase.of("one-click".equals(m.group(3)) ? "consent.detail.unsubscribe.oneClick"
                            : "consent.detail.unsubscribe.page",
                            Phrase.code("consent.detail.kind." + kind, m.group(1)), Phrase.text(m.group(2)));
                }
            }
            case "IMPORT" -> {
                // a contact import's own words: a code now, an English phrase in rows written before
                if (detail.equals("contact-import") || detail.equals("contact import")) {
                    return Phrase.of("consent.detail.contactImport");
                }
            }
            case "COMPLAINT" -> {
                if ((m = COMPLAINT.matcher(detail)).matches()) {
                    return m.group(2) == null ? Phrase.of("consent.detail.complaint", Phrase.text(m.group(1)))
                            : Phrase.of("consent.detail.complaintCampaign", Phrase.text(m.group(1)),
                                    Phrase.text(m.group(2)));
                }
            }
            default -> {
                return null;
            }
        }
        return null;
    }
}
