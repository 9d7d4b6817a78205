package app.klient.channels.calls;

/** A call ringing now: the caller's number, and the agent (by e-mail) whose phone rings. */
public record Ringing(String from, String agent) {
}
