package app.klient.sales.web;

/** How large a lead import may be: about 5,000 rows of ordinary leads. */
final class LeadImportLimits {

    static final int MAX_CHARS = 5 * 1024 * 1024;

    private LeadImportLimits() {
    }
}
