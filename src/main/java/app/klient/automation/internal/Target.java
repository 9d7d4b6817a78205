package app.klient.automation.internal;

import app.klient.automation.RecordTypes.RecordType;

/**
 * The record a run acts on, as its actions need it: who owns it, its customer (person and company), a name and a page.
 * {@code exists} is false once the record is deleted.
 */
record Target(RecordType type, long id, boolean exists, Long ownerId, Long contactId, Long companyId, String label) {

    Target withOwner(long owner) {
        return new Target(type, id, exists, owner, contactId, companyId, label);
    }

    String link() {
        return type.linkTo(id);
    }

    /** The column of this record's own row that holds its owner, or null when the owner is another record's. */
    String ownerColumn() {
        return type.ownerSql() == null || !type.ownerSql().matches("x\\.[a-z_]+") ? null
                : type.ownerSql().substring(2);
    }
}
