/**
 * The document chain: quotes with versions ({@link app.klient.billing.Quotes}), orders and the purchase history
 * ({@link app.klient.billing.Orders}), invoices and corrections with gap-free numbers and payments
 * ({@link app.klient.billing.Invoices}), and commissions. Totals follow one rule everywhere ({@link
 * app.klient.billing.Totals}).
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "platform", "identity", "audit", "customers", "catalog", "sales", "activities" })
package app.klient.billing;
