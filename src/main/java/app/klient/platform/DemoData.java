package app.klient.platform;

import net.datafaker.Faker;

/**
 * A module's share of the demo company filled on the first start of an empty database. Implementations run in
 * {@link org.springframework.core.annotation.Order} and may rely on what earlier ones created.
 */
public interface DemoData {

    void fill(Faker faker);
}
