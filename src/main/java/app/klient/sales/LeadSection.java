package app.klient.sales;

import java.util.Optional;

import app.klient.customers.CardSection;

/**
 * A part another module adds to the lead page (the predictive score...): a Thymeleaf fragment and its data, as
 * {@link CardSection} does for the customer card. Sales does not know the modules that extend its lead page.
 */
public interface LeadSection {

    Optional<CardSection.Part> forLead(LeadView lead);
}
