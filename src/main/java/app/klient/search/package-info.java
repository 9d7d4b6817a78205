/**
 * Global search: one box over companies, contacts, leads, deals, quotes, orders, invoices, tickets and products,
 * grouped by kind. Callers see only {@link app.klient.search.GlobalSearch}; today PostgreSQL answers it (trigram
 * indexes over each record's folded text), later OpenSearch may, without a caller changing. Like analytics, it reads
 * the other modules' tables read-only, in SQL, as a read model: one query per kind instead of a call into nine
 * modules, so a search stays one round trip. Which kinds and records a user sees is decided in {@link
 * app.klient.search.Visibility}, nowhere else.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search",
        allowedDependencies = { "platform", "identity" })
package app.klient.search;
