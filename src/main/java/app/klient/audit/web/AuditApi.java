package app.klient.audit.web;

import app.klient.audit.AuditEntry;
import app.klient.audit.AuditLog;
import app.klient.audit.AuditQuery;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit log")
class AuditApi {

    private final AuditLog audit;

    AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @Operation(summary = "Audit events, newest first; filters: actor, action, entityType, entityId, from, to (dates)")
    @GetMapping
    PageResponse<AuditEntry> search(@Valid @ModelAttribute AuditQuery query,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageResponse.of(audit.search(query, Paging.of(page, size, null, java.util.Map.of(), Sort.unsorted())));
    }
}
