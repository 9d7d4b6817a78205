/**
 * E-mail in and out: SMTP settings and sending ({@link app.klient.mail.Emails}), templates with merge fields in three
 * languages ({@link app.klient.mail.EmailTemplates}), IMAP mailboxes polled into contacts' timelines or the inbox
 * ({@link app.klient.mail.Mailboxes}), the e-mail of task reminders, and quotes, orders, invoices and documents
 * e-mailed to the customer with their PDF ({@link app.klient.mail.DocumentMail}).
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "platform", "identity", "audit", "customers", "activities", "documents", "billing" })
package app.klient.mail;
