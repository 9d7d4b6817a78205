package app.klient.platform.privacy;

/**
 * What a module holds about a person, for the GDPR's rights of access and erasure. Each module that keeps people's
 * data implements it over its own tables (in its {@code internal} package), so the privacy module never reads
 * another module's tables. An erasure runs every module's {@link #erase} in one transaction: all or nothing.
 */
public interface PersonalData {

    /** A short name for the module's part of an export: the folder its files go into ("customers", "mail"). */
    String section();

    /** Adds to the subject the records, addresses and names this module knows belong to the person. */
    default void identify(DataSubject subject) {
    }

    /** Everything this module holds about the person, as rows and files. */
    void export(DataSubject subject, PersonalDataExport export);

    /**
     * Anonymizes the person in this module's tables: the person's own records lose what identifies them, free text
     * loses the person's names, addresses and numbers ({@link Redaction}), files about the person go. What the law
     * makes the company keep stays, and is reported as kept. It runs in the erasure's transaction with the
     * setting {@code klient.erasing} on, which lets history tables (consents, the loyalty ledger) lose the person.
     */
    void erase(DataSubject subject, ErasureReport report);
}
