package app.klient.platform.db;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a second start on the same data directory into a short message instead of a stack trace. */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
        return new FailureAnalysis(
                "Klient cannot start: its data directory " + cause.directory()
                        + " is already used by another Klient process, and two servers on one data directory"
                        + " would corrupt it.",
                "Stop the other Klient first, or start this one with another directory (KLIENT_DATA_DIR=...)"
                        + " or against an external PostgreSQL (SPRING_DATASOURCE_URL=...).",
                cause);
    }
}
