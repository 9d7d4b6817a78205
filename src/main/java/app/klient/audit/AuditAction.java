package app.klient.audit;

public enum AuditAction {
    CREATE, UPDATE, DELETE, LOGIN, LOGIN_FAILED, LOGOUT, TOKEN_USED, HANDOVER, IMPORT, EXPORT,
    // sessions (issue 23): a user ended one of their sessions; an administrator signed a user out everywhere
    SESSION_ENDED, SIGNED_OUT_EVERYWHERE
}
