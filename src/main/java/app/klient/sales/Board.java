package app.klient.sales;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A pipeline as a board: a column per stage with its open deals, their count, totals and weighted value. */
public record Board(PipelineView pipeline, List<Column> columns, String companyCurrency) {

    public record Column(StageView stage, List<Card> cards, Map<String, BigDecimal> totals, BigDecimal weighted) {
    }

    public record Card(long id, String name, String companyName, BigDecimal amount, String currency,
            LocalDate expectedCloseDate, Long ownerId, String ownerName, int version, boolean movable) {
    }
}
