package app.klient.customers.internal;

import java.util.function.Consumer;

import app.klient.customers.BulkChange;
import app.klient.identity.RecordKind;

/** Applies a checked bulk change to the records the current user may change; answers how many it changed. */
public final class BulkApply {

    private BulkApply() {
    }

    public static <T extends CustomerRecord> int apply(RecordKind kind, Iterable<T> records, BulkChange checked,
            Consumer<T> delete) {
        int changed = 0;
        for (T record : records) {
            if (!CustomerAccess.canEdit(kind, record.getId(), record.getOwnerId())) {
                continue;
            }
            if (checked instanceof BulkChange.AssignOwner assign) {
                record.assignOwner(assign.ownerId());
            }
            else if (checked instanceof BulkChange.AddTag tag) {
                record.addTag(tag.tag());
            }
            else {
                delete.accept(record);
            }
            changed++;
        }
        return changed;
    }
}
