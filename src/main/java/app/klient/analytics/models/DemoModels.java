package app.klient.analytics.models;

import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo company's models: asked for once everything else is written, and trained on its three years of history by
 * the training job seconds after the first start (after the demo is committed, so a training that fails cannot take
 * the demo company with it) — the customer groups, the customers at risk, the card's reasons and the leads'
 * predictions have something to show from the first minute.
 */
@Component
@Order(2000)
class DemoModels implements DemoData {

    private final Models models;

    DemoModels(Models models) {
        this.models = models;
    }

    @Override
    public void fill(Faker faker) {
        for (ModelKind kind : ModelKind.values()) {
            models.request(kind);
        }
    }
}
