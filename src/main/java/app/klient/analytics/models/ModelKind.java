package app.klient.analytics.models;

/** The models Klient trains, each with the measure of its quality on held-out data. */
public enum ModelKind {
    /** The probability that a customer does not buy again within the days that define a lost customer. */
    CHURN("auc"),
    /** The probability that a lead converts. */
    LEAD_SCORE("auc"),
    /** Customer groups by k-means on RFM and the customer's attributes. */
    GROUPS("silhouette");

    private final String quality;

    ModelKind(String quality) {
        this.quality = quality;
    }

    /** {@code auc} or {@code silhouette}: the message key suffix of the quality's name. */
    public String quality() {
        return quality;
    }

    /** The kind named in a path ({@code churn}, {@code lead-score}, {@code groups}), or null. */
    public static ModelKind fromPath(String name) {
        for (ModelKind kind : values()) {
            if (kind.path().equals(name)) {
                return kind;
            }
        }
        return null;
    }

    public String path() {
        return name().toLowerCase().replace('_', '-');
    }
}
