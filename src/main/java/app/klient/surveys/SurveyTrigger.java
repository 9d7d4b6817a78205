package app.klient.surveys;

/**
 * What sends a survey: a ticket resolved, an order delivered, a purchase (an order, or an invoice without one), a deal
 * won — each after the survey's delay —, the members of a segment (once, when started), or nobody but a person inviting
 * a contact by hand.
 */
public enum SurveyTrigger {

    TICKET_RESOLVED, ORDER_DELIVERED, AFTER_PURCHASE, DEAL_WON, SEGMENT, MANUAL,

    /** A live chat ended: asked in the chat widget itself, at once (no e-mail). */
    CHAT_ENDED;

    public boolean byEvent() {
        return this != SEGMENT && this != MANUAL;
    }
}
