package app.klient.sales;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A pipeline as a board: a column per stage with the first cards of its open deals, their count, totals per currency,
 * the total converted into the company currency at today's rates (deals in a currency without a rate are counted in
 * {@code unconverted} and left out of it) and the converted total weighted by the stage's probability. The counts and
 * totals cover every deal of the column; {@code next} is the cursor of the column's next cards (null: no more).
 */
public record Board(PipelineView pipeline, List<Column> columns, String companyCurrency) {

    public record Column(StageView stage, List<Card> cards, long count, Map<String, BigDecimal> totals,
            BigDecimal converted, int unconverted, BigDecimal weighted, String next) {
    }

    public record Card(long id, String name, String companyName, BigDecimal amount, String currency,
            LocalDate expectedCloseDate, Long ownerId, String ownerName, int version, boolean movable) {
    }

    /** The next cards of one column, from a cursor. */
    public record Cards(List<Card> cards, String next) {
    }
}
