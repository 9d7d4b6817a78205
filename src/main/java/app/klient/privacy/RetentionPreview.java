package app.klient.privacy;

import java.time.Instant;
import java.util.List;

import app.klient.platform.privacy.RetentionTarget;

/** What a rule would touch if it ran now: records older than the cutoff, how many, and the oldest of them. */
public record RetentionPreview(RetentionRuleView rule, Instant cutoff, long count, List<RetentionTarget.Item> first) {
}
