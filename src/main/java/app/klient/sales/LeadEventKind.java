package app.klient.sales;

public enum LeadEventKind {
    FORM_SUBMITTED, EMAIL_OPENED, EMAIL_CLICKED, WEB_VISIT, MEETING, CALL
}
