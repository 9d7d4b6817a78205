/**
 * Attribution: what campaigns and paid keywords brought in against what they cost, with ROI defined once ({@link
 * app.klient.marketing.attribution.CampaignReport}, {@link app.klient.marketing.attribution.KeywordReport}).
 * Published so the analytics KPIs read the same numbers the campaign and keyword reports show.
 */
@org.springframework.modulith.NamedInterface("attribution")
package app.klient.marketing.attribution;
