package app.klient.identity.web;

import java.util.List;

import app.klient.identity.RecordShare;
import app.klient.identity.RecordShares;
import app.klient.identity.ShareForm;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/shares")
@Tag(name = "Record access")
class ShareApi {

    private final RecordShares shares;

    ShareApi(RecordShares shares) {
        this.shares = shares;
    }

    @Operation(summary = "With whom a record is shared beyond the rules (whoever reads the record).")
    @GetMapping
    List<RecordShare> list(@RequestParam @Size(max = 20) String kind, @RequestParam long recordId) {
        return shares.list(kind, recordId);
    }

    @Operation(summary = "Share a record with a person or a team, to read or also to change (whoever may change "
            + "the record). Sharing again changes whether they may change it.")
    @PostMapping
    ResponseEntity<RecordShare> share(@Valid @RequestBody ShareForm form) {
        RecordShare share = shares.share(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/shares/" + share.id())
                .body(share);
    }

    @Operation(summary = "Take a share back (whoever may change the record).")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> unshare(@PathVariable long id) {
        shares.unshare(id);
        return ResponseEntity.noContent().build();
    }
}
