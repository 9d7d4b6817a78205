package app.klient.identity;

/** What users of one role read and change of one kind of record. {@code kind} as the API names it: {@code deal}. */
public record AccessRule(long id, Role role, String kind, Scope read, Scope change, int version) {
}
