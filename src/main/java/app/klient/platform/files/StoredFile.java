package app.klient.platform.files;

/** A file kept in the database: an e-mail's attachment, a file an agent added to a reply. */
public record StoredFile(String filename, String contentType, byte[] data) {

    /** At most 10 MB a file, the same limit the mailbox reader keeps. */
    public static final int MAX_BYTES = 10 * 1024 * 1024;
}
