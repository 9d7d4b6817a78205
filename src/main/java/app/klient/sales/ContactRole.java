package app.klient.sales;

/** What a person does in a deal: who decides, who pushes for it, who uses it. */
public enum ContactRole {
    DECISION_MAKER, INFLUENCER, CHAMPION, USER, TECHNICAL, BUYER, CONTACT
}
