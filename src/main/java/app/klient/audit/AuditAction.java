package app.klient.audit;

public enum AuditAction {
    CREATE, UPDATE, DELETE, LOGIN, LOGIN_FAILED, LOGOUT, TOKEN_USED, HANDOVER, IMPORT, EXPORT,
    // two-factor sign-in
    TWO_FACTOR_ON, TWO_FACTOR_OFF, TWO_FACTOR_FAILED, TWO_FACTOR_RESET, TWO_FACTOR_POLICY, RECOVERY_CODE_USED,
    RECOVERY_CODES_NEW,
    // sessions (issue 23): a user ended one of their sessions; an administrator signed a user out everywhere
    SESSION_ENDED, SIGNED_OUT_EVERYWHERE
}
