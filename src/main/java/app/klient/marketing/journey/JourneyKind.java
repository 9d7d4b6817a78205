package app.klient.marketing.journey;

/**
 * The ready-made journeys. The first four exist once each and run every day once switched on; a product notice is
 * made for a product with a problem and writes to everyone who bought it.
 */
public enum JourneyKind {
    BIRTHDAY, PURCHASE_ANNIVERSARY, FIRST_PURCHASE_THANKS, REVIEW_REQUEST, PRODUCT_NOTICE
}
