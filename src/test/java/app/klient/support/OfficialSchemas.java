package app.klient.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The official e-invoice material kept beside the project, never copied into it (FA(3), the KSeF API document and
 * documentation, ISDOC 6.0.2): {@code shared/schemas} in the project's parent folder or one above it, where CI and
 * every worktree find it; {@code KLIENT_SCHEMAS} names another place. Missing material fails the test that needs
 * it, loudly: a conformance test that quietly skips would prove nothing.
 */
public final class OfficialSchemas {

    private OfficialSchemas() {
    }

    public static Path root() {
        String configured = System.getenv("KLIENT_SCHEMAS");
        if (configured != null && !configured.isBlank()) {
            return existing(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("schemas");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        // where the build machine keeps it, for a clone made somewhere else (e.g. under /tmp)
        Path machine = Path.of("/work/shared/schemas");
        if (Files.isDirectory(machine)) {
            return machine;
        }
        throw new IllegalStateException("The official schemas are missing: no shared/schemas folder above "
                + Path.of("").toAbsolutePath() + " (or set KLIENT_SCHEMAS)");
    }

    /** A file or folder of the material, e.g. {@code resolve("ksef-fa3/schemat_FA(3)_v1-0E.xsd")}. */
    public static Path resolve(String relative) {
        return existing(root().resolve(relative));
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            // where the build machine keeps it, for a clone made somewhere else (e.g. under /tmp)
        Path machine = Path.of("/work/shared/schemas");
        if (Files.isDirectory(machine)) {
            return machine;
        }
        throw new IllegalStateException("The official schema material is missing: " + path);
        }
        return path;
    }
}
