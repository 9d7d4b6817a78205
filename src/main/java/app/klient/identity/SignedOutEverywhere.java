package app.klient.identity;

/**
 * A person was signed out of every browser at once (an administrator's doing, or they were deactivated): whatever
 * still reaches their devices without a session (notifications pushed to a phone) ends with it. Published inside the
 * transaction that did it.
 */
public record SignedOutEverywhere(long userId) {
}
