package app.klient.customers;

public enum ConsentMethod {
    WEB_FORM, EMAIL, PHONE, PAPER, IN_PERSON, IMPORT
}
