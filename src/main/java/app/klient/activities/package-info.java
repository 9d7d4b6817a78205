/**
 * Every contact with the customer and what must not be forgotten: activities ({@link
 * app.klient.activities.Activities}), tasks with reminders ({@link app.klient.activities.Tasks}), the notification
 * bell ({@link app.klient.activities.Notifications}), "my day" and the calendar with its iCalendar feed.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "platform", "identity", "audit", "customers", "sales" })
package app.klient.activities;
