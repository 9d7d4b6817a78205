/**
 * The service desk: tickets with their conversation and service-level targets in working time ({@link
 * app.klient.service.Tickets}, {@link app.klient.service.BusinessHours}), e-mail to ticket, satisfaction surveys,
 * categories and routing, alert rules. A ticket may point to the order or invoice it is about (billing).
 * Who may do what: support agents, managers and administrators answer and change tickets; everybody else reads them
 * (salespeople see their customers' problems but do not answer in the support team's name).
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "platform", "identity", "audit", "customers", "catalog", "activities", "mail", "documents",
            "billing" })
package app.klient.service;
