package app.klient.platform.db;

import java.nio.file.Path;

public class DataDirectoryInUseException extends IllegalStateException {

    private final transient Path directory;

    public DataDirectoryInUseException(Path directory) {
        super("The data directory " + directory + " is in use by another running Klient");
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
