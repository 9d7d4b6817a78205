package app.klient.platform.export;

import java.util.List;
import java.util.Locale;

import app.klient.platform.InvalidFields;

/** The file formats a list can be exported to; vCard only where a list holds people (contacts). */
public enum ExportFormat {

    CSV("text/csv;charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    VCARD("text/vcard;charset=UTF-8", "vcf");

    private final String contentType;
    private final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The {@code format} parameter: csv (also when missing), xlsx, or one of {@code also} (vcard). */
    public static ExportFormat of(String format, ExportFormat... also) {
        if (format == null || format.isBlank()) {
            return CSV;
        }
        String wanted = format.strip().toLowerCase(Locale.ROOT);
        for (ExportFormat candidate : values()) {
            boolean offered = candidate != VCARD || List.of(also).contains(VCARD);
            if (offered && (candidate.name().toLowerCase(Locale.ROOT).equals(wanted)
                    || candidate.extension.equals(wanted))) {
                return candidate;
            }
        }
        throw new InvalidFields(List.of(new InvalidFields.FieldError("format", "export.format.unknown")));
    }
}
