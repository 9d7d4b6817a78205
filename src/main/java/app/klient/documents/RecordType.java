package app.klient.documents;

/** What a document is made for; its merge fields come from that record and the ones around it. */
public enum RecordType {
    COMPANY, CONTACT, DEAL, ORDER
}
