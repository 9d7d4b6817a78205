package app.klient.privacy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A retention rule as changed: after how many months a record is due, what happens to it, on or off. What the rule
 * reads back besides (its id, kind, last run) may come along unchanged, as a GET answered it, and is ignored.
 */
@JsonIgnoreProperties({ "id", "kind", "mayDelete", "lastRunAt", "lastCount" })
public record RetentionRuleForm(Integer months, RetentionAction action, Boolean enabled, Integer version) {
}
