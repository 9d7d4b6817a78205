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

    /** The column a field of this record's own row lives in, read from the type's owner expression. */
    String ownerColumn() {
        return type.ownerSql() == null ? null : type.ownerSql().substring(2);
    }
}
