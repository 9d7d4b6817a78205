/**
 * Survey results: the NPS, CES and CSAT scores with their one definition ({@link
 * app.klient.surveys.results.ResultKind}), their trend and breakdowns, and the answers behind them. Published so the
 * analytics dashboards read the same scores the results page shows.
 */
@org.springframework.modulith.NamedInterface("results")
package app.klient.surveys.results;
