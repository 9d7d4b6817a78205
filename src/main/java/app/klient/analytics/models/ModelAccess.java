package app.klient.analytics.models;

import app.klient.customers.Companies;
import app.klient.customers.Contacts;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.KlientException;
import app.klient.sales.Leads;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may see and do what with the models: administrators and managers read the versions, administrators train;
 * a customer's insight and a lead's prediction go to whoever reads that customer or lead (read first, so a hidden
 * or unknown one is 404 alike); the at-risk list and the groups to everybody, through the customers' row policies.
 */
@Component
class ModelAccess {

    private final Insights insights;
    private final Companies companies;
    private final Contacts contacts;
    private final Leads leads;

    ModelAccess(Insights insights, Companies companies, Contacts contacts, Leads leads) {
        this.insights = insights;
        this.companies = companies;
        this.contacts = contacts;
        this.leads = leads;
    }

    void readsModels() {
        if (!CurrentUser.hasRole(Role.ADMIN, Role.MANAGER)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "models.forbidden");
        }
    }

    void trainsModels() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "models.forbidden");
        }
    }

    Insights.CustomerInsight customer(String kind, long id) {
        if ("company".equals(kind)) {
            companies.get(id);
        }
        else {
            contacts.get(id);
        }
        return insights.of(kind, id).orElseThrow(() -> KlientException.notFound("models.notScored"));
    }

    LeadScore.Prediction lead(long id) {
        leads.get(id);
        return insights.lead(id);
    }

    static double minimum(Double minimum) {
        if (minimum == null) {
            return 0.5;
        }
        if (minimum.isNaN() || minimum < 0 || minimum > 1) {
            throw KlientException.invalid("models.minimum");
        }
        return minimum;
    }

    static String sort(String sort) {
        if (sort == null || sort.isBlank()) {
            return "risk";
        }
        if (!sort.equals("risk") && !sort.equals("value")) {
            throw KlientException.invalid("error.sort", "risk, value");
        }
        return sort;
    }
}
