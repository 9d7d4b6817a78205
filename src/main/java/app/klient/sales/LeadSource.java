package app.klient.sales;

public enum LeadSource {
    MANUAL, API, IMPORT, WEB_FORM, CHAT
}
