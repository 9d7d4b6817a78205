package app.klient.analytics.kpi.marketing;

import org.springframework.stereotype.Component;

/**
 * Cost per customer: the cost of the campaigns started within the period that had a cost entered ÷ the customers
 * whose invoices attribution credits to those campaigns.
 */
@Component
class CostPerCustomer extends CampaignCost {

    CostPerCustomer(StartedCampaigns campaigns) {
        super(campaigns, "cost-per-customer", r -> r.attributed().customers());
    }
}
