package app.klient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KlientApplication {

    public static void main(String[] args) throws java.io.IOException {
        if (app.klient.generator.Generator.wanted(args)) {
            app.klient.generator.Generator.run(args, KlientApplication.class);
            return;
        }
        if (app.klient.platform.backup.BackupCommand.wanted(args)) {
            app.klient.platform.backup.BackupCommand.main(args);
            return;
        }
        if (app.klient.platform.secrets.SecretKeyCommand.wanted(args)) {
            app.klient.platform.secrets.SecretKeyCommand.main(args, KlientApplication.class);
            return;
        }
        if (app.klient.audit.VerifyAuditCommand.wanted(args)) {
            app.klient.audit.VerifyAuditCommand.main(args, KlientApplication.class);
            return;
        }
        SpringApplication.run(KlientApplication.class, args);
    }
}
