package app.klient.audit;

public enum AuditAction {
    CREATE, UPDATE, DELETE, LOGIN, LOGIN_FAILED, LOGOUT, TOKEN_USED, HANDOVER, IMPORT, EXPORT
}
