package app.klient.marketing.attribution;

/** Which touch within the window earns the credit. */
public enum AttributionModel {
    LAST_TOUCH, FIRST_TOUCH
}
