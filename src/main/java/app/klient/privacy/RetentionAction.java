package app.klient.privacy;

/** What a retention rule does with a record that is due: keeps it without the person, or deletes it. */
public enum RetentionAction {
    ANONYMIZE, DELETE
}
