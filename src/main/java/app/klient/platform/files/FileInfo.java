package app.klient.platform.files;

/**
 * A file as a list shows it. {@code path} is where it is downloaded, relative to the application or the API root
 * ("tickets/5/attachments/3" serves both {@code /tickets/5/attachments/3} and {@code /api/v1/tickets/5/attachments/3}).
 */
public record FileInfo(long id, String filename, String contentType, long size, String path) {
}
