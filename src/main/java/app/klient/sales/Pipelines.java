package app.klient.sales;

import java.util.List;

import app.klient.platform.KlientException;
import app.klient.sales.internal.Pipeline;
import app.klient.sales.internal.PipelineRepository;
import app.klient.sales.internal.Stage;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Pipelines and their stages. A fresh installation has one default pipeline (migration V006). */
@Service
public class Pipelines {

    private final PipelineRepository pipelines;

    Pipelines(PipelineRepository pipelines) {
        this.pipelines = pipelines;
    }

    @Transactional(readOnly = true)
    public List<PipelineView> list() {
        return pipelines.findByActiveTrueOrderByPositionAscIdAsc().stream().map(Pipelines::view).toList();
    }

    @Transactional(readOnly = true)
    public PipelineView get(long id) {
        return pipelines.findById(id).map(Pipelines::view)
                .orElseThrow(() -> KlientException.notFound("pipeline.notFound"));
    }

    @Transactional(readOnly = true)
    public PipelineView defaultPipeline() {
        return pipelines.findFirstByIsDefaultTrue().map(Pipelines::view)
                .orElseGet(() -> list().stream().findFirst()
                        .orElseThrow(() -> KlientException.notFound("pipeline.notFound")));
    }

    static PipelineView view(Pipeline p) {
        List<StageView> stages = p.activeStages().stream()
                .map((Stage s) -> new StageView(s.getId(), s.getName(), s.getPosition(), s.getProbability(),
                        s.getVersion()))
                .toList();
        return new PipelineView(p.getId(), p.getName(), p.isDefault(), stages, p.getVersion());
    }
}
