package app.klient.platform.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import app.klient.platform.InvalidFields;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.multipart.MultipartFile;

/**
 * Files in and out of the web layer. Uploads are checked for count and size and given a safe name; downloads are
 * always sent as attachments (never shown inline), so a hostile HTML or SVG file cannot run in Klient's origin.
 */
public final class Files {

    private Files() {
    }

    /** The uploaded files (empty parts skipped), refused on {@code field} when too many or too large. */
    public static List<StoredFile> read(List<MultipartFile> uploads, int maxFiles, String field) {
        List<StoredFile> files = new ArrayList<>();
        if (uploads == null) {
            return files;
        }
        for (MultipartFile upload : uploads) {
            if (upload == null || upload.isEmpty()) {
                continue;
            }
            if (files.size() == maxFiles) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "file.tooMany", maxFiles)));
            }
            if (upload.getSize() > StoredFile.MAX_BYTES) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "file.tooLarge",
                        upload.getOriginalFilename() == null ? "" : safeName(upload.getOriginalFilename()), 10)));
            }
            try {
                String type = upload.getContentType() == null ? MediaType.APPLICATION_OCTET_STREAM_VALUE
                        : upload.getContentType().split(";")[0].strip();
                files.add(new StoredFile(safeName(upload.getOriginalFilename()), type.length() > 200
                        ? MediaType.APPLICATION_OCTET_STREAM_VALUE : type, upload.getBytes()));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** A file name without a path, control characters or more than 255 characters; "file" when nothing is left. */
    public static String safeName(String name) {
        if (name == null) {
            return "file";
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            return "file";
        }
        return base.length() > 255 ? base.substring(base.length() - 255) : base;
    }

    /** The file as a download, never rendered by the browser. */
    public static ResponseEntity<byte[]> download(StoredFile file) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.filename(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(file.data());
    }
}
