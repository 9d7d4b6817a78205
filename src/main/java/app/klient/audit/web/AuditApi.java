package app.klient.audit.web;

import java.io.IOException;

import app.klient.audit.AuditChain;
import app.klient.audit.AuditEntry;
import app.klient.audit.AuditLog;
import app.klient.audit.AuditQuery;
import app.klient.platform.export.Downloads;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit log")
class AuditApi {

    private final AuditLog audit;
    private final AuditChain chain;

    AuditApi(AuditLog audit, AuditChain chain) {
        this.audit = audit;
        this.chain = chain;
    }

    @Operation(summary = "Audit events, newest first; filters: actor, action, entityType, entityId, from, to (dates)")
    @GetMapping
    PageResponse<AuditEntry> search(@Valid @ModelAttribute AuditQuery query,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageResponse.of(audit.search(query, Paging.of(page, size, null, java.util.Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "The filtered audit log as a file: format=csv (UTF-8 with a byte order mark, the default) or "
            + "xlsx; the same filters as GET /audit, each entry with its place in the hash chain and its hash; "
            + "administrators; the export is itself audited")
    @GetMapping(value = "/export", produces = { "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
    void export(@Valid @ModelAttribute AuditQuery query,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Downloads.api(response, "audit", format, () -> {
        }, (chosen, out) -> audit.export(query, chosen, out));
    }

    @Operation(summary = "Checks the audit log's hash chain: intact with the number of entries, or the first broken "
            + "entry (its id and position) and what is wrong with it (administrators)")
    @PostMapping("/verification")
    AuditChain.Verification verify() {
        return chain.verify();
    }
}
