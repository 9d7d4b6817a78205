package app.klient.sales;

public enum LeadStatus {
    NEW, CONTACTED, QUALIFIED, DISQUALIFIED, CONVERTED
}
