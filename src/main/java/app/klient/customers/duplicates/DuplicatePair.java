package app.klient.customers.duplicates;

import java.util.List;

import app.klient.customers.CustomerType;

/** One entry of the review queue: two records that may be one customer, the older first. */
public record DuplicatePair(CustomerType kind, Lookalike first, Lookalike second, int score,
        List<Lookalike.Reason> reasons) {
}
