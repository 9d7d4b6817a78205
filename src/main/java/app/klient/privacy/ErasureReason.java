package app.klient.privacy;

/**
 * Why a person is erased: the grounds of GDPR Article 17(1) — consent withdrawn (a), data no longer needed (b), an
 * objection (c), unlawful processing (d), a legal obligation to erase (e), a child's data from an online service
 * (f) — and a retention rule's run.
 */
public enum ErasureReason {
    CONSENT_WITHDRAWN, NO_LONGER_NEEDED, OBJECTION, UNLAWFUL, LEGAL_OBLIGATION, CHILD, RETENTION
}
