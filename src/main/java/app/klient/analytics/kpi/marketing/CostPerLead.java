package app.klient.analytics.kpi.marketing;

import org.springframework.stereotype.Component;

/**
 * Cost per lead: the cost of the campaigns started within the period that had a cost entered ÷ the leads credited
 * to those campaigns by attribution.
 */
@Component
class CostPerLead extends CampaignCost {

    CostPerLead(StartedCampaigns campaigns) {
        super(campaigns, "cost-per-lead", r -> r.attributed().leads());
    }
}
