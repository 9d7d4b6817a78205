/**
 * The sales funnel: pipelines and their stages, deals moving through them with every move kept.
 * {@link app.klient.sales.Pipelines} and {@link app.klient.sales.Deals} are the front doors.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "platform", "identity", "audit", "customers", "catalog" })
package app.klient.sales;
