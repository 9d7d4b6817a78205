package app.klient;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(KlientApplication.class);

    @Test
    void modules_only_use_each_others_published_parts() {
        MODULES.verify();
    }

    @Test
    void module_documentation_is_generated() {
        Documenter documenter = new Documenter(MODULES);
        // canvases are left out: they read Javadoc that spring-modulith 2.0.3 fails to parse
        documenter.writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
        assertThat(Path.of("target/spring-modulith-docs", "components.puml")).isNotEmptyFile();
        assertThat(Path.of("target/spring-modulith-docs", "module-customers.puml")).isNotEmptyFile();
    }
}
