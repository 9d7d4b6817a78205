/**
 * Who changed what and when. Entities marked {@link app.klient.audit.Audited} are recorded field by field on every
 * create, update and delete in the same transaction; other modules record logins and similar events through
 * {@link app.klient.audit.AuditLog}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "platform")
package app.klient.audit;
