package app.klient.billing.einvoice;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The structured files of issued invoices, kept byte for byte as issued (see V044): what KSeF receives, what the
 * QR code's hash is taken of and what the accountant downloads must be one and the same document.
 */
@Component
public class InvoiceFiles {

    /** A stored file with the SHA-256 of its bytes. */
    public record InvoiceFile(long invoiceId, String format, byte[] content, byte[] sha256, Instant createdAt) {
    }

    private final JdbcClient jdbc;

    InvoiceFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the file of an invoice; a second one of the same format is refused by the primary key. */
    public InvoiceFile store(long invoiceId, String format, byte[] content) {
        byte[] sha256 = sha256(content);
        Instant createdAt = jdbc.sql("""
                insert into invoice_files (invoice_id, format, content, sha256) values (:id, :format, :content, :sha)
                returning created_at""").param("id", invoiceId).param("format", format).param("content", content)
                .param("sha", sha256).query(Instant.class).single();
        return new InvoiceFile(invoiceId, format, content, sha256, createdAt);
    }

    public Optional<InvoiceFile> find(long invoiceId, String format) {
        return jdbc.sql("select content, sha256, created_at from invoice_files where invoice_id = :id and format = :f")
                .param("id", invoiceId).param("f", format)
                .query((rs, n) -> new InvoiceFile(invoiceId, format, rs.getBytes(1), rs.getBytes(2),
                        rs.getTimestamp(3).toInstant()))
                .optional();
    }

    public static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
