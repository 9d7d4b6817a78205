package app.klient.sales;

import java.time.Instant;

/** One entry of a deal's stage history: where it went, when, by whom. */
public record StageMove(Long fromStageId, String fromStage, Long toStageId, String toStage, DealStatus status,
        Instant movedAt, Long movedBy) {
}
