package app.klient.billing.web;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

import app.klient.billing.CommissionRule;
import app.klient.billing.CommissionStatement;
import app.klient.billing.Commissions;
import app.klient.identity.CurrentUser;
import app.klient.platform.KlientException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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
@Tag(name = "Commissions")
@RequestMapping("/api/v1")
class CommissionApi {

    private final Commissions commissions;

    CommissionApi(Commissions commissions) {
        this.commissions = commissions;
    }

    @Operation(summary = "List the commission rules: who earns what percentage of paid invoices.")
    @GetMapping("/commission-rules")
    List<CommissionRule> rules() {
        return commissions.rules();
    }

    @Operation(summary = "Define a rule (administrators): {\"userId\" or \"teamId\", \"category\" (optional), "
            + "\"percent\"}; the same person or team and category again replaces the rule")
    @PostMapping("/commission-rules")
    ResponseEntity<CommissionRule> define(@Valid @RequestBody CommissionRule rule) {
        return ResponseEntity.status(HttpStatus.CREATED).body(commissions.define(rule));
    }

    @Operation(summary = "Retire a commission rule (administrators).")
    @DeleteMapping("/commission-rules/{id}")
    ResponseEntity<Void> retire(@PathVariable long id) {
        commissions.retire(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "A salesperson's commission statement for a month (month=2026-11; without userId your own)")
    @GetMapping("/commissions/statement")
    CommissionStatement statement(@RequestParam(required = false) Long userId,
            @RequestParam(required = false) String month) {
        return commissions.statement(userId == null ? CurrentUser.id() : userId, month(month));
    }

    @Operation(summary = "Every salesperson's commission for a month (managers and administrators)")
    @GetMapping("/commissions/team")
    List<CommissionStatement> team(@RequestParam(required = false) String month) {
        return commissions.team(month(month));
    }

    static YearMonth month(String value) {
        if (value == null || value.isBlank()) {
            return YearMonth.now();
        }
        try {
            return YearMonth.parse(value.strip());
        }
        catch (DateTimeParseException e) {
            throw KlientException.invalid("commission.month");
        }
    }
}
