package app.klient.analytics;

import java.util.EnumSet;
import java.util.Set;

import app.klient.identity.CurrentUser;
import app.klient.identity.Role;

/**
 * The filters of a dashboard or KPI: a team (its members' records), an owner, a marketing segment (its contacts and
 * their companies), a pipeline, a product, a country (ISO code of the customer), a currency (documents in it; every
 * amount is still converted into the company currency). Null is "all".
 */
public record KpiFilters(Long teamId, Long ownerId, Long segmentId, Long pipelineId, Long productId, String country,
        String currency) {

    public static final KpiFilters NONE = new KpiFilters(null, null, null, null, null, null, null);

    /** The filters set. */
    public Set<KpiDimension> chosen() {
        Set<KpiDimension> chosen = EnumSet.noneOf(KpiDimension.class);
        if (teamId != null) {
            chosen.add(KpiDimension.TEAM);
        }
        if (ownerId != null) {
            chosen.add(KpiDimension.OWNER);
        }
        if (segmentId != null) {
            chosen.add(KpiDimension.SEGMENT);
        }
        if (pipelineId != null) {
            chosen.add(KpiDimension.PIPELINE);
        }
        if (productId != null) {
            chosen.add(KpiDimension.PRODUCT);
        }
        if (country != null) {
            chosen.add(KpiDimension.COUNTRY);
        }
        if (currency != null) {
            chosen.add(KpiDimension.CURRENCY);
        }
        return chosen;
    }

    public KpiFilters withOwner(Long owner) {
        return new KpiFilters(teamId, owner, segmentId, pipelineId, productId, country, currency);
    }

    public KpiFilters withTeam(Long team) {
        return new KpiFilters(team, ownerId, segmentId, pipelineId, productId, country, currency);
    }

    /**
     * These filters as the signed-in person may read them: a salesperson's figures are their own, as their reports'
     * rows are, whoever the filters name; everybody else reads whose they ask for.
     */
    public KpiFilters readable() {
        return CurrentUser.hasRole(Role.SALES) ? withTeam(null).withOwner(CurrentUser.id()) : this;
    }
}
