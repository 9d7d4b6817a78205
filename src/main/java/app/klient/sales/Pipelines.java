package app.klient.sales;

import java.util.List;

import app.klient.platform.KlientException;
import app.klient.sales.internal.DealRepository;
import app.klient.sales.internal.Pipeline;
import app.klient.sales.internal.PipelineRepository;
import app.klient.sales.internal.Stage;
import app.klient.platform.db.Versions;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Pipelines and their stages. A fresh installation has one default pipeline (migration V006). */
@Service
public class Pipelines {

    private final PipelineRepository pipelines;
    private final DealRepository deals;
    private final jakarta.persistence.EntityManager entityManager;
    private final MessageSource messages;

    Pipelines(PipelineRepository pipelines, DealRepository deals, jakarta.persistence.EntityManager entityManager,
            MessageSource messages) {
        this.pipelines = pipelines;
        this.deals = deals;
        this.entityManager = entityManager;
        this.messages = messages;
    }

    /** A stage's name as the reader should see it: the stages Klient created in the reader's language. */
    public String stageName(Stage stage) {
        return stageName(stage.getName(), stage.getLabelKey());
    }

    /** The same for a name and label key read by SQL. */
    public String stageName(String name, String labelKey) {
        return labelKey == null ? name : messages.getMessage(labelKey, null, name, LocaleContextHolder.getLocale());
    }

    @Transactional(readOnly = true)
    public List<PipelineView> list() {
        return pipelines.findByActiveTrueOrderByPositionAscIdAsc().stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public PipelineView get(long id) {
        return pipelines.findById(id).map(this::view)
                .orElseThrow(() -> KlientException.notFound("pipeline.notFound"));
    }

    @Transactional(readOnly = true)
    public PipelineView defaultPipeline() {
        return pipelines.findFirstByIsDefaultTrue().map(this::view)
                .orElseGet(() -> list().stream().findFirst()
                        .orElseThrow(() -> KlientException.notFound("pipeline.notFound")));
    }

    @Transactional
    public PipelineView create(PipelineForm form) {
        Pipeline pipeline = new Pipeline(form.name().strip(), pipelines.findByActiveTrueOrderByPositionAscIdAsc().size());
        form.stages().forEach(s -> pipeline.addStage(s.name().strip(), s.probability()));
        return view(pipelines.saveAndFlush(pipeline));
    }

    /** Renames, reorders, re-weighs, adds and retires stages in one go, without losing a single deal. */
    @Transactional
    public PipelineView change(long id, PipelineForm form) {
        Pipeline pipeline = pipelines.findById(id).orElseThrow(() -> KlientException.notFound("pipeline.notFound"));
        Versions.check(form.version(), pipeline.getVersion());
        pipeline.rename(form.name().strip());
        java.util.Set<Long> kept = new java.util.HashSet<>();
        int position = 0;
        for (PipelineForm.StageForm wanted : form.stages()) {
            if (wanted.id() == null) {
                pipeline.addStage(wanted.name().strip(), wanted.probability()).describe(wanted.name().strip(),
                        null, position, wanted.probability());
            }
            else {
                Stage stage = pipeline.activeStages().stream().filter(s -> s.getId().equals(wanted.id()))
                        .findFirst().orElseThrow(() -> KlientException.invalid("stage.notFound"));
                stage.describe(wanted.name().strip(), stageName(stage), position, wanted.probability());
                kept.add(stage.getId());
            }
            position++;
        }
        // chosen before any query: a query flushes, and the stages just added would then have ids too
        List<Stage> leaving = pipeline.activeStages().stream()
                .filter(stage -> stage.getId() != null && !kept.contains(stage.getId())).toList();
        for (Stage stage : leaving) {
            long open = deals.countByStageIdAndStatus(stage.getId(), DealStatus.OPEN);
            if (open > 0) {
                throw KlientException.conflict("stage.hasDeals", stageName(stage), open);
            }
            stage.retire();
        }
        // a change of the stages is a change of the pipeline: its version moves, so a concurrent editor is refused
        entityManager.lock(pipeline, jakarta.persistence.LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        return view(pipelines.saveAndFlush(pipeline));
    }

    private PipelineView view(Pipeline p) {
        List<StageView> stages = p.activeStages().stream()
                .map((Stage s) -> new StageView(s.getId(), stageName(s), s.getPosition(), s.getProbability(),
                        s.getVersion()))
                .toList();
        return new PipelineView(p.getId(), p.getName(), p.isDefault(), stages, p.getVersion());
    }
}
