package app.klient.customers;

/** Head count bands as the EU defines SMEs: micro under 10, small under 50, medium under 250. */
public enum CompanySize {
    MICRO, SMALL, MEDIUM, LARGE, ENTERPRISE
}
