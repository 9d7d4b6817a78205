/**
 * Automation: rules (a trigger, conditions, actions) that act on their own, and outbound webhooks.
 *
 * <p>Every change to the records rules can watch is written by the database itself, in the changing transaction,
 * into {@code automation_changes} (migration V112: statement-level triggers over transition tables). Whatever code
 * made the change, a page, the API, an import or a job, the change is seen; a change that rolls back leaves nothing;
 * a node that stops loses nothing, because the rows are the queue. Kinds of record nobody watches are not written.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "platform", "identity", "audit", "activities",
        "customers", "analytics :: report", "catalog", "documents", "mail", "marketing", "service", "sales", "billing",
        "surveys" })
package app.klient.automation;
