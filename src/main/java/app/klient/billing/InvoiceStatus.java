package app.klient.billing;

/** Where an invoice stands with its payments; a correction has no payments of its own. */
public enum InvoiceStatus {
    UNPAID, PARTIALLY_PAID, PAID, OVERDUE, CORRECTION
}
