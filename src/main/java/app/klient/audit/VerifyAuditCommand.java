package app.klient.audit;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar klient.jar verify-audit}, run instead of the application (beside a running Klient on an external
 * database; on the embedded one, with Klient stopped): checks the audit log's hash chain and says "chain intact, N
 * entries" (exit 0) or which entry is the first broken one and how (exit 1).
 */
public final class VerifyAuditCommand {

    private VerifyAuditCommand() {
    }

    public static boolean wanted(String[] args) {
        return args.length > 0 && "verify-audit".equals(args[0]);
    }

    public static void main(String[] args, Class<?> application) {
        System.exit(run(args, application));
    }

    /** Runs the command: 0 intact, 1 broken, 2 misused. */
    public static int run(String[] args, Class<?> application) {
        // a web context (sessions and security are part of it) that listens nowhere; no demo company, no jobs
        List<String> spring = new ArrayList<>(List.of("--server.port=-1", "--klient.jobs.enabled=false",
                "--klient.demo-data=false", "--spring.main.banner-mode=off"));
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                System.out.println("Usage: java -jar klient.jar verify-audit");
                return 2;
            }
            given(spring, args[i]);
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .run(spring.toArray(String[]::new))) {
            AuditChain.Verification result = context.getBean(AuditChain.class).verify();
            System.out.println(result.describe());
            return result.intact() ? 0 : 1;
        }
    }

    /** A setting given on the command line, in place of the command's own default for it (Spring takes one value). */
    private static void given(List<String> spring, String argument) {
        String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=') + 1) : argument;
        spring.removeIf(setting -> setting.startsWith(name));
        spring.add(argument);
    }
}
