/**
 * Loyalty: programs that give customers points for what they buy, tiers, rewards bought with points, referrals, and
 * the points ledger every balance is read from.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "platform", "identity", "audit", "customers", "sales", "catalog", "billing", "mail",
            "marketing", "activities" })
package app.klient.loyalty;
