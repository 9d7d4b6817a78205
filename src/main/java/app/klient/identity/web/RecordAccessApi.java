package app.klient.identity.web;

import java.util.List;

import app.klient.identity.AccessRule;
import app.klient.identity.AccessRuleUpdate;
import app.klient.identity.RecordAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/record-access")
@Tag(name = "Record access")
class RecordAccessApi {

    private final RecordAccess access;

    RecordAccessApi(RecordAccess access) {
        this.access = access;
    }

    @Operation(summary = "What each role reads and changes of each kind of record (administrators).")
    @GetMapping
    List<AccessRule> list() {
        return access.rules();
    }

    @Operation(summary = "Set what one role reads and changes of one kind of record (administrators). Takes effect "
            + "on the affected users' next request.")
    @PutMapping("/{id}")
    AccessRule update(@PathVariable long id, @Valid @RequestBody AccessRuleUpdate update) {
        return access.update(id, update);
    }
}
