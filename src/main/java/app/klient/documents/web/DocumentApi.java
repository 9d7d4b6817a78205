package app.klient.documents.web;

import java.util.List;

import app.klient.documents.Documents;
import app.klient.documents.GeneratedDocument;
import app.klient.documents.MergeFields;
import app.klient.documents.TemplateForm;
import app.klient.documents.TemplateView;
import app.klient.documents.Templates;
import app.klient.platform.pdf.PdfResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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

@RestController
@Tag(name = "Documents and templates")
@RequestMapping("/api/v1")
class DocumentApi {

    private final Templates templates;
    private final Documents documents;

    DocumentApi(Templates templates, Documents documents) {
        this.templates = templates;
        this.documents = documents;
    }

    @Operation(summary = "Document templates (add includeRetired=true for retired ones too)")
    @GetMapping("/document-templates")
    List<TemplateView> templates(@RequestParam(defaultValue = "false") boolean includeRetired) {
        return templates.list(includeRetired);
    }

    @Operation(summary = "The merge fields a template may use, written {{group.field}}")
    @GetMapping("/document-templates/fields")
    List<String> fields() {
        return MergeFields.ALL;
    }

    @Operation(summary = "Read one document template with its body.")
    @GetMapping("/document-templates/{id}")
    TemplateView template(@PathVariable long id) {
        return templates.get(id);
    }

    @Operation(summary = "Add a template (administrators): plain text, '# ' starts a heading, a blank line a "
            + "paragraph; an unknown merge field is refused")
    @PostMapping("/document-templates")
    ResponseEntity<TemplateView> create(@Valid @RequestBody TemplateForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(templates.create(form));
    }

    @Operation(summary = "Change a document template (administrators); send the version you read.")
    @PutMapping("/document-templates/{id}")
    TemplateView update(@PathVariable long id, @Valid @RequestBody TemplateForm form) {
        return templates.update(id, form);
    }

    @Operation(summary = "Retire a document template; documents made from it stay (administrators).")
    @DeleteMapping("/document-templates/{id}")
    ResponseEntity<Void> retire(@PathVariable long id) {
        templates.setActive(id, false);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Render a template for a record: {\"templateId\": 1, \"recordType\": "
            + "\"COMPANY|CONTACT|DEAL|ORDER\", \"recordId\": 42}; answers the kept document, its pdfUrl and the "
            + "emptyFields that had no value and print as blanks")
    @PostMapping("/documents")
    ResponseEntity<GeneratedDocument> generate(@RequestBody Documents.Request request) {
        GeneratedDocument made = documents.generate(request);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", made.pdfUrl()).body(made);
    }

    @Operation(summary = "List the documents made for a company (its latest 100).")
    @GetMapping("/documents")
    List<GeneratedDocument> ofCompany(@RequestParam long companyId) {
        return documents.ofCompany(companyId, 100);
    }

    @Operation(summary = "Read one generated document's details.")
    @GetMapping("/documents/{id}")
    GeneratedDocument get(@PathVariable long id) {
        return documents.get(id);
    }

    @Operation(summary = "Download a generated document as PDF.")
    @GetMapping(value = "/documents/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@PathVariable long id) {
        return pdfOf(documents, id);
    }

    static ResponseEntity<byte[]> pdfOf(Documents documents, long id) {
        return PdfResponse.inline(documents.pdf(id), documents.get(id).title());
    }
}
