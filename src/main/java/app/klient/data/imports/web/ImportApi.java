package app.klient.data.imports.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import app.klient.data.imports.ImportJob;
import app.klient.data.imports.Imports;
import app.klient.platform.InvalidFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Imports", description = "The import wizard: companies, contacts, leads, deals and products from CSV, "
        + "XLSX or vCard files, run in the background")
@RestController
@RequestMapping("/api/v1/imports")
class ImportApi {

    /** An import with what the wizard needs next: its columns, the fields they can map to and the duplicate keys. */
    record ImportDetail(ImportJob job, long done, int percent, Long secondsLeft, List<Imports.Column> columns,
            List<Imports.Choice> fields, List<Imports.Choice> keys) {
    }

    record ImportList(List<ImportJob> items, long total) {
    }

    /** How the file is read and mapped: column number (from 0) to field key. */
    record MappingBody(Map<Integer, String> columns, String duplicates, String matchKey, String encoding,
            String delimiter) {
    }

    private final Imports imports;

    ImportApi(Imports imports) {
        this.imports = imports;
    }

    @Operation(summary = "The imports made (all of them for administrators and managers, one's own for others).")
    @GetMapping
    ImportList list() {
        List<ImportJob> items = imports.list();
        return new ImportList(items, items.size());
    }

    @Operation(summary = "Upload a file to import: the body is the file (CSV, XLSX or vCard), kind says what it "
            + "holds (companies, contacts, leads, deals, products). Format, encoding and delimiter are detected and "
            + "the columns mapped from their headings; nothing is stored in Klient's records until the import is "
            + "started.")
    @PostMapping(consumes = { "text/csv", "text/plain", "text/vcard", "application/octet-stream",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
    ResponseEntity<ImportDetail> upload(@RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "import.csv") String filename, HttpServletRequest request)
            throws IOException {
        Imports.checkAllowed();
        long limit = imports.maxMegabytes() * 1024 * 1024;
        if (request.getContentLengthLong() > limit) {
            throw tooLarge();
        }
        byte[] data;
        try (InputStream in = request.getInputStream()) {
            data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
        if (data.length > limit) {
            throw tooLarge();
        }
        long id = imports.upload(kind == null ? "" : kind, filename, data);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/imports/" + id)
                .body(detail(id));
    }

    private InvalidFields tooLarge() {
        return new InvalidFields(List.of(new InvalidFields.FieldError("file", "imports.file.tooLarge",
                imports.maxMegabytes())));
    }

    @Operation(summary = "An import: its state and progress (rows done, refused, seconds left), its columns with "
            + "sample values and the fields they may map to.")
    @GetMapping("/{id}")
    ImportDetail get(@PathVariable long id) {
        return detail(id);
    }

    private ImportDetail detail(long id) {
        ImportJob job = imports.job(id);
        return new ImportDetail(job, job.done(), job.percent(), job.secondsLeft(), imports.columns(id),
                imports.fields(job.kind()), imports.keys(job.kind()));
    }

    @Operation(summary = "Map columns to fields (two columns to one field are refused), choose what a duplicate "
            + "does (SKIP, UPDATE, CREATE) and by which key, and correct the encoding or delimiter; while a draft.")
    @PutMapping("/{id}/mapping")
    ImportDetail map(@PathVariable long id, @RequestBody MappingBody body) {
        imports.map(id, new Imports.Mapping(body.columns(), body.duplicates(), body.matchKey(), body.encoding(),
                body.delimiter()));
        return detail(id);
    }

    @Operation(summary = "The first 20 rows as they would be stored, each with every problem it has.")
    @GetMapping("/{id}/preview")
    List<Imports.PreviewRow> preview(@PathVariable long id) {
        return imports.preview(id);
    }

    @Operation(summary = "Start the import: it runs in the background; poll GET /imports/{id} for its progress.")
    @PostMapping("/{id}/start")
    ResponseEntity<ImportDetail> start(@PathVariable long id) {
        imports.start(id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(detail(id));
    }

    @Operation(summary = "Delete a draft (an upload never started) with its stored file; a started import is "
            + "refused with 409 (undo takes a finished one back).")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> deleteDraft(@PathVariable long id) {
        imports.deleteDraft(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The refused rows as CSV (the file's columns, then the line and the reason) to fix and "
            + "import again.")
    @GetMapping(value = "/{id}/refused", produces = "text/csv")
    void refused(@PathVariable long id, HttpServletResponse response) throws IOException {
        ImportJob job = imports.job(id);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("refused-" + job.id() + ".csv", StandardCharsets.UTF_8).build().toString());
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        imports.refusedCsv(id, out);
        out.flush();
    }

    @Operation(summary = "Undo a finished import: the records it made are deleted, the ones it updated restored "
            + "(except those changed since, which are kept and counted).")
    @PostMapping("/{id}/undo")
    Imports.Undone undo(@PathVariable long id) {
        return imports.undo(id);
    }
}
