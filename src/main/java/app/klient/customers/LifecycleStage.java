package app.klient.customers;

public enum LifecycleStage {
    LEAD, PROSPECT, CUSTOMER, FORMER_CUSTOMER
}
