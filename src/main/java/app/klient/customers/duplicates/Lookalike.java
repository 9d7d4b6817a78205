package app.klient.customers.duplicates;

import java.util.List;

/**
 * An existing record that looks like another one: its name and a line that tells it apart (a tax id and city, an
 * e-mail and company), how sure Klient is (0–100) and why ({@link Reason} names, strongest first).
 */
public record Lookalike(long id, String name, String detail, int score, List<Reason> reasons) {

    public enum Reason {
        TAX_ID, EMAIL, PHONE, NAME, SAME_COMPANY
    }
}
