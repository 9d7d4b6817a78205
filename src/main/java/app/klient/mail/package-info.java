/**
 * E-mail in and out: SMTP settings and sending ({@link app.klient.mail.Emails}), templates with merge fields in three
 * languages ({@link app.klient.mail.EmailTemplates}), IMAP mailboxes polled into contacts' timelines or the inbox
 * ({@link app.klient.mail.Mailboxes}), and the e-mail of task reminders.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "platform", "identity", "audit", "customers", "activities", "documents" })
package app.klient.mail;
