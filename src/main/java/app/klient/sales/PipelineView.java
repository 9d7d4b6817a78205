package app.klient.sales;

import java.util.List;

public record PipelineView(long id, String name, boolean isDefault, List<StageView> stages, int version) {
}
