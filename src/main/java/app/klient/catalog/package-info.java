/**
 * What is sold and in which money: products and services ({@link app.klient.catalog.Products}), price lists per
 * currency and customer group ({@link app.klient.catalog.PriceLists}), and the exchange rates that turn amounts in
 * other currencies into the company currency ({@link app.klient.catalog.ExchangeRates}).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "platform", "audit", "identity" })
package app.klient.catalog;
