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

    /** The name in Polish and Czech; {@code name} is the English one, read where no translation is given. */
    @jakarta.persistence.Column(name = "name_pl")
    private String namePl;

    @jakarta.persistence.Column(name = "name_cs")
    private String nameCs;

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

    public void name(String name, String namePl, String nameCs) {
        this.name = name;
        this.namePl = namePl;
        this.nameCs = nameCs;
    }

    public void place(int position, int probability) {
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

    public String getNamePl() {
        return namePl;
    }

    public String getNameCs() {
        return nameCs;
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
