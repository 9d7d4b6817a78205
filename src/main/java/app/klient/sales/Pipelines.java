package app.klient.sales;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import app.klient.sales.internal.DealRepository;
import app.klient.sales.internal.Pipeline;
import app.klient.sales.internal.PipelineRepository;
import app.klient.sales.internal.Stage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pipelines and their stages. A fresh installation has one default pipeline (migration V006). Stages are named in
 * English, Polish and Czech and read in the reader's language, else in English (the name given).
 */
@Service
public class Pipelines {

    private final PipelineRepository pipelines;
    private final DealRepository deals;
    private final EntityManager entityManager;

    Pipelines(PipelineRepository pipelines, DealRepository deals, EntityManager entityManager) {
        this.pipelines = pipelines;
        this.deals = deals;
        this.entityManager = entityManager;
    }

    /** A stage's name as the reader should see it. */
    public String stageName(Stage stage) {
        return stageName(stage.getName(), stage.getNamePl(), stage.getNameCs());
    }

    /** The same for names read by SQL ({@code name}, {@code name_pl}, {@code name_cs}). */
    public static String stageName(String name, String namePl, String nameCs) {
        return stageName(name, namePl, nameCs, LocaleContextHolder.getLocale());
    }

    static String stageName(String name, String namePl, String nameCs, Locale locale) {
        String translated = switch (locale == null ? "en" : locale.getLanguage()) {
            case "pl" -> namePl;
            case "cs" -> nameCs;
            default -> null;
        };
        return translated == null || translated.isBlank() ? name : translated;
    }

    @Transactional(readOnly = true)
    public List<PipelineView> list() {
        return pipelines.findByActiveTrueOrderByPositionAscIdAsc().stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public PipelineView get(long id) {
        return view(find(id));
    }

    /** A pipeline also when it was deleted (a closed deal's page shows where it closed); a deleted one has no stages. */
    @Transactional(readOnly = true)
    public PipelineView getEvenDeleted(long id) {
        return pipelines.findById(id).map(this::view).orElseThrow(() -> KlientException.notFound("pipeline.notFound"));
    }

    @Transactional(readOnly = true)
    public PipelineView defaultPipeline() {
        return pipelines.findFirstByIsDefaultTrue().filter(Pipeline::isActive).map(this::view)
                .orElseGet(() -> list().stream().findFirst()
                        .orElseThrow(() -> KlientException.notFound("pipeline.notFound")));
    }

    @Transactional
    public PipelineView create(PipelineForm form) {
        checkNames(null, form);
        Pipeline pipeline = new Pipeline(form.name().strip(), pipelines.findByActiveTrueOrderByPositionAscIdAsc().size());
        for (PipelineForm.StageForm wanted : form.stages()) {
            Names names = names(wanted, null);
            pipeline.addStage(names.en(), wanted.probability()).name(names.en(), names.pl(), names.cs());
        }
        return view(pipelines.saveAndFlush(pipeline));
    }

    /** Renames, reorders, re-weighs, adds and retires stages in one go, without losing a single deal. */
    @Transactional
    public PipelineView change(long id, PipelineForm form) {
        Pipeline pipeline = find(id);
        Versions.check(form.version(), pipeline.getVersion());
        Map<Long, Stage> current = new HashMap<>();
        pipeline.activeStages().forEach(s -> current.put(s.getId(), s));
        for (PipelineForm.StageForm wanted : form.stages()) {
            if (wanted.id() != null && !current.containsKey(wanted.id())) {
                throw KlientException.invalid("stage.notFound");
            }
        }
        Set<Long> kept = new HashSet<>();
        form.stages().stream().filter(s -> s.id() != null).forEach(s -> kept.add(s.id()));
        List<Stage> leaving = current.values().stream().filter(s -> !kept.contains(s.getId())).toList();
        for (Stage stage : leaving) {
            long open = deals.countByStageIdAndStatus(stage.getId(), DealStatus.OPEN);
            if (open > 0) {
                throw KlientException.conflict("stage.hasDeals", stageName(stage), open);
            }
        }
        List<Names> names = new ArrayList<>();
        for (PipelineForm.StageForm wanted : form.stages()) {
            names.add(names(wanted, wanted.id() == null ? null : current.get(wanted.id())));
        }
        checkNames(id, new PipelineForm(form.name(), form.stages(), form.version()), names);
        pipeline.rename(form.name().strip());
        leaving.forEach(Stage::retire);
        // a stage may take the name another one gives up in the same save (a swap): the unique index checks every
        // row as it is written, so the renamed stages pass through a name nobody uses first
        Set<String> before = new HashSet<>();
        current.values().stream().filter(s -> kept.contains(s.getId()))
                .forEach(s -> before.add(s.getName().toLowerCase(Locale.ROOT)));
        Set<String> after = new HashSet<>();
        names.forEach(n -> after.add(n.en().toLowerCase(Locale.ROOT)));
        boolean renamed = false;
        for (int i = 0; i < form.stages().size(); i++) {
            Stage stage = form.stages().get(i).id() == null ? null : current.get(form.stages().get(i).id());
            String wantedName = names.get(i).en();
            if (stage != null && !stage.getName().equalsIgnoreCase(wantedName)
                    && (before.contains(wantedName.toLowerCase(Locale.ROOT))
                            || after.contains(stage.getName().toLowerCase(Locale.ROOT)))) {
                stage.name("\u2060" + stage.getId(), stage.getNamePl(), stage.getNameCs());
                renamed = true;
            }
        }
        if (renamed || !leaving.isEmpty()) {
            entityManager.flush();
        }
        int position = 0;
        for (PipelineForm.StageForm wanted : form.stages()) {
            Names n = names.get(position);
            Stage stage = wanted.id() == null ? pipeline.addStage(n.en(), wanted.probability()) : current.get(wanted.id());
            stage.name(n.en(), n.pl(), n.cs());
            stage.place(position, wanted.probability());
            position++;
        }
        // a change of the stages is a change of the pipeline: its version moves, so a concurrent editor is refused
        entityManager.lock(pipeline, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        return view(pipelines.saveAndFlush(pipeline));
    }

    /**
     * Takes a pipeline out of use (a version, when given, must be the current one). Refused for the default pipeline
     * and while open deals are in it (they are moved to another pipeline first: on the board, the deal, or all at
     * once with {@link Deals#deletePipelineMovingDeals}); its closed deals keep their stages.
     */
    @Transactional
    public void delete(long id, Integer version) {
        Pipeline pipeline = find(id);
        if (version != null) {
            Versions.check(version, pipeline.getVersion());
        }
        if (pipeline.isDefault()) {
            throw KlientException.conflict("pipeline.deleteDefault", pipeline.getName());
        }
        long open = deals.countByPipelineIdAndStatus(id, DealStatus.OPEN);
        if (open > 0) {
            throw KlientException.conflict("pipeline.hasDeals", pipeline.getName(), open);
        }
        pipeline.retire();
        pipeline.getStages().forEach(Stage::retire);
        pipelines.saveAndFlush(pipeline);
    }

    /**
     * Where the open deals of pipeline {@code fromId} go in pipeline {@code toId}, by stage id: the stage
     * {@code chosen} names, else the target stage of the nearest probability (a deal 60 % likely stays about that
     * likely), of two equally near the one at the nearer position. A chosen pair that is not a stage of the one and
     * of the other is refused, as is a target that is the pipeline itself or not an active one.
     */
    @Transactional(readOnly = true)
    public Map<Long, Long> stageMap(long fromId, long toId, Map<Long, Long> chosen) {
        Pipeline from = find(fromId);
        Pipeline to = pipelines.findById(toId).filter(Pipeline::isActive)
                .filter(p -> !p.getId().equals(from.getId()))
                .orElseThrow(() -> fieldError("moveTo", "pipeline.moveTo.invalid"));
        List<Stage> targets = to.activeStages();
        if (targets.isEmpty()) {
            throw fieldError("moveTo", "pipeline.noStages");
        }
        Set<Long> targetIds = new HashSet<>();
        targets.forEach(t -> targetIds.add(t.getId()));
        Map<Long, Long> map = new java.util.LinkedHashMap<>();
        List<Stage> sources = from.activeStages();
        Set<Long> sourceIds = new HashSet<>();
        sources.forEach(s -> sourceIds.add(s.getId()));
        for (Map.Entry<Long, Long> pair : (chosen == null ? Map.<Long, Long>of() : chosen).entrySet()) {
            if (!sourceIds.contains(pair.getKey()) || !targetIds.contains(pair.getValue())) {
                throw fieldError("stages", "pipeline.moveTo.stage");
            }
        }
        for (int i = 0; i < sources.size(); i++) {
            Stage source = sources.get(i);
            Long wanted = chosen == null ? null : chosen.get(source.getId());
            if (wanted != null) {
                map.put(source.getId(), wanted);
                continue;
            }
            Stage best = targets.get(0);
            for (int j = 0; j < targets.size(); j++) {
                Stage t = targets.get(j);
                int distance = Math.abs(t.getProbability() - source.getProbability());
                int bestDistance = Math.abs(best.getProbability() - source.getProbability());
                if (distance < bestDistance || distance == bestDistance
                        && Math.abs(j - i) < Math.abs(targets.indexOf(best) - i)) {
                    best = t;
                }
            }
            map.put(source.getId(), best.getId());
        }
        return map;
    }

    private record Names(String en, String pl, String cs) {
    }

    private Names names(PipelineForm.StageForm wanted, Stage stage) {
        if (wanted.translated()) {
            String en = wanted.nameEn() == null || wanted.nameEn().isBlank() ? wanted.name() : wanted.nameEn();
            return new Names(en.strip(), blankToNull(wanted.namePl()), blankToNull(wanted.nameCs()));
        }
        String name = wanted.name().strip();
        if (stage != null && name.equals(stageName(stage))) {
            return new Names(stage.getName(), stage.getNamePl(), stage.getNameCs());
        }
        return new Names(name, null, null);
    }

    private void checkNames(Long id, PipelineForm form) {
        checkNames(id, form, form.stages().stream().map(s -> names(s, null)).toList());
    }

    /** Unique names, said as field errors: the pipeline's among active pipelines, each stage's within its pipeline. */
    private void checkNames(Long id, PipelineForm form, List<Names> names) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String name = form.name().strip();
        boolean taken = pipelines.findByActiveTrueOrderByPositionAscIdAsc().stream()
                .anyMatch(p -> !p.getId().equals(id) && p.getName().equalsIgnoreCase(name));
        if (taken) {
            errors.add("name", "pipeline.nameTaken", name);
        }
        List<Set<String>> seen = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>());
        for (int i = 0; i < names.size(); i++) {
            Names n = names.get(i);
            String[] each = { n.en(), n.pl(), n.cs() };
            for (int language = 0; language < each.length; language++) {
                if (each[language] != null && !seen.get(language).add(each[language].toLowerCase(Locale.ROOT))) {
                    errors.add("stages[" + i + "].name", "stage.nameTaken", each[language]);
                    break;
                }
            }
        }
        errors.throwIfAny();
    }

    private Pipeline find(long id) {
        return pipelines.findById(id).filter(Pipeline::isActive)
                .orElseThrow(() -> KlientException.notFound("pipeline.notFound"));
    }

    private static InvalidFields fieldError(String field, String key) {
        return new InvalidFields(List.of(new InvalidFields.FieldError(field, key)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private PipelineView view(Pipeline p) {
        List<StageView> stages = p.activeStages().stream()
                .map((Stage s) -> new StageView(s.getId(), stageName(s), s.getName(), s.getNamePl(), s.getNameCs(),
                        s.getPosition(), s.getProbability(), s.getVersion()))
                .toList();
        return new PipelineView(p.getId(), p.getName(), p.isDefault(), stages, p.getVersion());
    }
}
