package app.klient.customers;

public enum ContactSource {
    CAMPAIGN, WEB_FORM, REFERRAL, IMPORT, EVENT, COLD_CALL, PARTNER, OTHER
}
