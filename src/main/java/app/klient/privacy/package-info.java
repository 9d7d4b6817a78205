/**
 * Privacy: the GDPR's rights for a person (contact, lead or e-mail address) — an export of everything Klient holds
 * about them, and erasure everywhere but in what the law makes the company keep — retention rules applied by a job,
 * and the register of requests. Every module tells what it holds through
 * {@link app.klient.platform.privacy.PersonalData}; this module never reads another module's tables.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Privacy",
        allowedDependencies = { "platform", "identity", "audit", "customers", "sales" })
package app.klient.privacy;
