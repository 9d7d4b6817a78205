package app.klient.privacy;

/** What a register line records: a person's access (export) or erasure, or a retention rule's run. */
public enum RequestKind {
    ACCESS, ERASURE, RETENTION
}
