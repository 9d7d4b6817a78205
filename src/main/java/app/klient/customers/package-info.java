/**
 * Companies, contacts and the customer card: one customer database everybody shares. {@link
 * app.klient.customers.Companies} and {@link app.klient.customers.Contacts} are the front doors; {@link
 * app.klient.customers.Timeline} is where other modules record what happened with a customer.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "platform", "identity", "audit" })
package app.klient.customers;
