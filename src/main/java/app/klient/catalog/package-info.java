/**
 * What is sold and in which money: for now the exchange rates that turn amounts in other currencies into the
 * company currency. {@link app.klient.catalog.ExchangeRates} is the front door.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "platform")
package app.klient.catalog;
