package app.klient.analytics.models;

import java.time.LocalDate;

import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo company's models, trained on its three years of history once everything else is written, so the customer
 * groups, the customers at risk and the card's reasons have something to show on the first start. The demo has fewer
 * converted leads than the predictive lead score needs: its lead pages say so, as they would in a young company.
 */
@Component
@Order(2000)
class DemoModels implements DemoData {

    private final Models models;
    private final ModelTraining training;

    DemoModels(Models models, ModelTraining training) {
        this.models = models;
        this.training = training;
    }

    @Override
    public void fill(Faker faker) {
        for (ModelKind kind : ModelKind.values()) {
            models.request(kind);
        }
        while (training.runNext(LocalDate.now()).isPresent()) {
            // each kind in turn; a version that becomes the one in use scores every customer
        }
    }
}
