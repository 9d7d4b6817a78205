package app.klient.privacy;

/** A retention rule as changed: after how many months a record is due, what happens to it, on or off. */
public record RetentionRuleForm(Integer months, RetentionAction action, Boolean enabled, Integer version) {
}
