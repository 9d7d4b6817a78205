package app.klient.sales.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import app.klient.audit.Audited;
import app.klient.sales.DealStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "deals")
@Audited(name = "deal", exclude = { "searchText", "stageEnteredAt" })
public class Deal {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @Column(name = "pipeline_id")
    private long pipelineId;

    @Column(name = "stage_id")
    private long stageId;

    @Column(name = "company_id")
    private Long companyId;

    @Column(name = "owner_id")
    private Long ownerId;

    @Column(name = "team_id")
    private Long teamId;

    private BigDecimal amount = BigDecimal.ZERO;

    private String currency;

    @Column(name = "expected_close_date")
    private LocalDate expectedCloseDate;

    private String source;

    @Column(name = "next_step")
    private String nextStep;

    @Enumerated(EnumType.STRING)
    private DealStatus status = DealStatus.OPEN;

    @Column(name = "lost_reason")
    private String lostReason;

    private String competitor;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "stage_entered_at")
    private Instant stageEnteredAt = now();

    @Column(name = "search_text")
    private String searchText = "";

    @Column(name = "created_at", updatable = false)
    private Instant createdAt = now();

    @Column(name = "updated_at")
    private Instant updatedAt = createdAt;

    @Version
    private int version;

    protected Deal() {
    }

    public Deal(String name, long pipelineId, long stageId) {
        this.name = name;
        this.pipelineId = pipelineId;
        this.stageId = stageId;
    }

    @PrePersist
    @PreUpdate
    void beforeSave() {
        updatedAt = now();
        searchText = app.klient.platform.SearchText.of(name, source, nextStep, competitor);
    }

    public void fill(String name, Long companyId, Long ownerId, Long teamId, BigDecimal amount, String currency,
            LocalDate expectedCloseDate, String source, String nextStep) {
        this.name = name;
        this.companyId = companyId;
        this.ownerId = ownerId;
        this.teamId = teamId;
        this.amount = amount;
        this.currency = currency;
        this.expectedCloseDate = expectedCloseDate;
        this.source = source;
        this.nextStep = nextStep;
    }

    /** Into another stage (of this or another pipeline); the clock of the stage starts again. */
    public void moveTo(long pipeline, long stage) {
        this.pipelineId = pipeline;
        this.stageId = stage;
        this.stageEnteredAt = now();
    }

    public void win() {
        status = DealStatus.WON;
        lostReason = null;
        closedAt = now();
    }

    public void lose(String reason, String competitor) {
        status = DealStatus.LOST;
        lostReason = reason;
        this.competitor = competitor;
        closedAt = now();
    }

    public void reopen() {
        status = DealStatus.OPEN;
        lostReason = null;
        competitor = null;
        closedAt = null;
        stageEnteredAt = now();
    }

    /** The amount as the deal's lines add up; the deal counts as changed even when the sum stays the same. */
    public void amountFromLines(BigDecimal total) {
        this.amount = total;
        this.updatedAt = now();
    }

    public void assignOwner(Long ownerId) {
        this.ownerId = ownerId;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public long getPipelineId() {
        return pipelineId;
    }

    public long getStageId() {
        return stageId;
    }

    public Long getCompanyId() {
        return companyId;
    }

    public Long getOwnerId() {
        return ownerId;
    }

    public Long getTeamId() {
        return teamId;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public String getCurrency() {
        return currency;
    }

    public LocalDate getExpectedCloseDate() {
        return expectedCloseDate;
    }

    public String getSource() {
        return source;
    }

    public String getNextStep() {
        return nextStep;
    }

    public DealStatus getStatus() {
        return status;
    }

    public String getLostReason() {
        return lostReason;
    }

    public String getCompetitor() {
        return competitor;
    }

    public Instant getClosedAt() {
        return closedAt;
    }

    public Instant getStageEnteredAt() {
        return stageEnteredAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public int getVersion() {
        return version;
    }
}
