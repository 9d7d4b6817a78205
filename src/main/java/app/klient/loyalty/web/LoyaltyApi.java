package app.klient.loyalty.web;

import java.util.List;
import java.util.Map;

import app.klient.loyalty.AccountView;
import app.klient.loyalty.Accounts;
import app.klient.loyalty.AdjustmentForm;
import app.klient.loyalty.Points;
import app.klient.loyalty.ProgramForm;
import app.klient.loyalty.ProgramView;
import app.klient.loyalty.Programs;
import app.klient.loyalty.RuleForm;
import app.klient.loyalty.RuleView;
import app.klient.loyalty.internal.Earning;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Loyalty")
@RequestMapping("/api/v1/loyalty")
class LoyaltyApi {

    private final Programs programs;
    private final Accounts accounts;
    private final Earning earning;

    LoyaltyApi(Programs programs, Accounts accounts, Earning earning) {
        this.programs = programs;
        this.accounts = accounts;
        this.earning = earning;
    }

    record ProgramList(List<ProgramView> items, long total) {
    }

    @Operation(operationId = "listLoyaltyPrograms", summary = "The loyalty programs with their earning rules")
    @GetMapping("/programs")
    ProgramList programs() {
        List<ProgramView> all = programs.list();
        return new ProgramList(all, all.size());
    }

    @Operation(operationId = "getLoyaltyProgram", summary = "One loyalty program with its earning rules")
    @GetMapping("/programs/{id}")
    ProgramView program(@PathVariable long id) {
        return programs.get(id);
    }

    @Operation(operationId = "createLoyaltyProgram", summary = "Define a program (administrators): {\"name\", "
            + "\"earnOn\": INVOICE_PAID (default) or ORDER_DELIVERED, \"participation\": ALL (default), SEGMENT (with "
            + "\"segmentId\") or FORM (those who gave the 'loyalty' consent by a form), \"expireMonths\" (0: never), "
            + "\"earnFrom\" (purchases paid or delivered from this day earn; default today), \"noticeDays\"}")
    @PostMapping("/programs")
    ResponseEntity<ProgramView> create(@Valid @RequestBody ProgramForm form) {
        ProgramView made = programs.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/loyalty/programs/" + made.id())
                .body(made);
    }

    @Operation(operationId = "changeLoyaltyProgram", summary = "Change a program (administrators; version "
            + "required; what is left out stays)")
    @PatchMapping("/programs/{id}")
    ProgramView change(@PathVariable long id, @Valid @RequestBody ProgramForm form) {
        Programs.checkAdministrator();
        return programs.update(id, form);
    }

    @Operation(operationId = "addLoyaltyRule", summary = "Add an earning rule (administrators): RATE {\"currency\", "
            + "\"perAmount\", \"points\"}: points per amount spent net of VAT; PRODUCT {\"productId\", \"multiplier\"}"
            + " or CATEGORY {\"category\", \"multiplier\"}: times the rate for those lines (0 excludes them); "
            + "CAMPAIGN {\"productId\" or \"category\", \"multiplier\", \"validFrom\", \"validTo\", \"campaignId\"}: a "
            + "bonus for those lines in the period; BIRTHDAY {\"multiplier\"}: a bonus in the buyer's birthday month; "
            + "FIRST_PURCHASE {\"points\"}: a bonus for a customer's first purchase")
    @PostMapping("/programs/{id}/rules")
    ResponseEntity<RuleView> addRule(@PathVariable long id, @Valid @RequestBody RuleForm form) {
        Programs.checkAdministrator();
        return ResponseEntity.status(HttpStatus.CREATED).body(programs.addRule(id, form));
    }

    @Operation(operationId = "removeLoyaltyRule", summary = "Remove an earning rule (administrators); what it "
            + "earned stays")
    @DeleteMapping("/rules/{id}")
    ResponseEntity<Void> removeRule(@PathVariable long id) {
        Programs.checkAdministrator();
        if (!programs.ruleExists(id)) {
            throw KlientException.notFound("loyalty.rule.notFound");
        }
        programs.removeRule(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "runLoyaltyProgram", summary = "Grant the points due now instead of waiting for the "
            + "job (administrators): new paid invoices or delivered orders earn, corrections and cancellations take "
            + "back; nothing is granted twice")
    @PostMapping("/programs/{id}/run")
    Earning.Run run(@PathVariable long id) {
        Programs.checkAdministrator();
        programs.get(id);
        return earning.run(id);
    }

    record AccountList(List<AccountView> items, long total) {
    }

    @Operation(operationId = "listLoyaltyAccounts", summary = "A customer's loyalty accounts (companyId or "
            + "contactId): balance, tier, what expires when")
    @GetMapping("/accounts")
    AccountList accounts(@RequestParam(required = false) Long companyId,
            @RequestParam(required = false) Long contactId) {
        if ((companyId == null) == (contactId == null)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("companyId", "loyalty.account.customer.required")));
        }
        List<AccountView> found = accounts.of(companyId != null ? Points.Customer.company(companyId)
                : Points.Customer.contact(contactId));
        return new AccountList(found, found.size());
    }

    @Operation(operationId = "getLoyaltyAccount", summary = "One account: balance, tier, what expires when")
    @GetMapping("/accounts/{id}")
    AccountView account(@PathVariable long id) {
        return accounts.get(id);
    }

    @Operation(operationId = "getLoyaltyBalance", summary = "An account's balance and tier only: the quick read, "
            + "whatever the ledger's length")
    @GetMapping("/accounts/{id}/balance")
    Accounts.Balance balance(@PathVariable long id) {
        return accounts.balance(id);
    }

    @Operation(operationId = "listLoyaltyLedger", summary = "An account's ledger, newest first: earned, bonus, "
            + "referral, redeemed, expired, returned, adjusted, with the record that caused each")
    @GetMapping("/accounts/{id}/ledger")
    PageResponse<Points.Entry> ledger(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(accounts.history(id, Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(operationId = "adjustLoyaltyPoints", summary = "Add or take away points by hand (administrators and "
            + "managers): {\"points\": 50 or -50, \"reason\"}; the reason is required and the change audited")
    @PostMapping("/accounts/{id}/adjustments")
    ResponseEntity<Points.Entry> adjust(@PathVariable long id, @Valid @RequestBody AdjustmentForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(accounts.adjust(id, form));
    }
}
