package app.klient.sales.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import app.klient.audit.Audited;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "pipelines")
@Audited(name = "pipeline", exclude = "stages")
public class Pipeline {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    private int position;

    @Column(name = "is_default")
    private boolean isDefault;

    private boolean active = true;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Version
    private int version;

    @OneToMany(mappedBy = "pipeline", cascade = CascadeType.ALL)
    @OrderBy("position")
    private List<Stage> stages = new ArrayList<>();

    protected Pipeline() {
    }

    public Pipeline(String name, int position) {
        this.name = name;
        this.position = position;
    }

    public void rename(String name) {
        this.name = name;
    }

    public Stage addStage(String name, int probability) {
        Stage stage = new Stage(this, name, stages.size(), probability);
        stages.add(stage);
        return stage;
    }

    /** Out of use: no longer listed or offered, while the closed deals in it keep their stages. */
    public void retire() {
        this.active = false;
    }

    public List<Stage> activeStages() {
        return stages.stream().filter(Stage::isActive)
                .sorted(java.util.Comparator.comparingInt(Stage::getPosition)).toList();
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public boolean isDefault() {
        return isDefault;
    }

    public boolean isActive() {
        return active;
    }

    public int getVersion() {
        return version;
    }

    public List<Stage> getStages() {
        return stages;
    }
}
