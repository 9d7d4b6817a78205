package app.klient.sales.internal;

import app.klient.audit.Audited;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "stages")
@Audited(name = "stage")
public class Stage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne
    @JoinColumn(name = "pipeline_id")
    private Pipeline pipeline;

    private String name;

    /** Set on the stages Klient created: their name is then read in each user's language. */
    @jakarta.persistence.Column(name = "label_key")
    private String labelKey;

    private int position;

    private int probability;

    private boolean active = true;

    @Version
    private int version;

    protected Stage() {
    }

    Stage(Pipeline pipeline, String name, int position, int probability) {
        this.pipeline = pipeline;
        this.name = name;
        this.position = position;
        this.probability = probability;
    }

    /** A new name replaces the translated one for good; the same name as shown keeps it translated. */
    public void describe(String name, String shownName, int position, int probability) {
        if (!name.equals(shownName)) {
            this.name = name;
            this.labelKey = null;
        }
        this.position = position;
        this.probability = probability;
    }

    public void retire() {
        this.active = false;
    }

    public Long getId() {
        return id;
    }

    public Pipeline getPipeline() {
        return pipeline;
    }

    public String getLabelKey() {
        return labelKey;
    }

    public String getName() {
        return name;
    }

    public int getPosition() {
        return position;
    }

    public int getProbability() {
        return probability;
    }

    public boolean isActive() {
        return active;
    }

    public int getVersion() {
        return version;
    }
}
