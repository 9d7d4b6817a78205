package app.klient.analytics.models;

import java.time.Instant;

/**
 * One trained (or requested) version of a model: its number within its kind, state and current step, who asked for
 * it (none: the weekly job), when it was asked for and trained, how many cases it learnt from and was judged on (and
 * how many of them were positive), its quality on held-out data (AUC or silhouette) and, when it was refused, the
 * version in use it was compared with and that one's quality.
 */
@io.swagger.v3.oas.annotations.media.Schema(name = "ModelVersion")
public record ModelVersion(long id, ModelKind kind, int number, ModelState state, String step, String requestedBy,
        Instant requestedAt, Instant trainedAt, Integer examples, Integer heldOut, Integer positives, Double quality,
        String qualityName, Integer comparedWith, Double comparedQuality, String failure) {
}
