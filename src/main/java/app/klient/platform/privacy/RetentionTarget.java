package app.klient.platform.privacy;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records a retention rule may take away once they are old enough: leads never converted, contacts without
 * activity, old e-mails. The module that owns them says which are due; the privacy module's job applies the rule.
 */
public interface RetentionTarget {

    /** The rule kind this target serves, as stored on a retention rule. */
    String kind();

    /** Whether a rule of this kind may delete rows, or only anonymize them (people other records point at). */
    boolean deletes();

    /** How many records are due before {@code cutoff}, and the first few of them. */
    Preview preview(Instant cutoff, int limit);

    /** The ids of up to {@code limit} records due before {@code cutoff}, oldest first. */
    List<Long> due(Instant cutoff, int limit);

    /**
     * Takes the records away: deletes them ({@code delete}) or anonymizes them, through {@code erasePerson} when a
     * record is a person (so every module forgets them) or in place when it is not. Answers how many it changed.
     */
    int apply(List<Long> ids, boolean delete, Consumer<DataSubject> erasePerson);

    record Item(long id, String label, Instant at) {
    }

    record Preview(long count, List<Item> first) {
    }
}
