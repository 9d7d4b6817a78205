package app.klient.catalog.web;

import java.math.BigDecimal;
import java.util.List;

import app.klient.catalog.PriceListForm;
import app.klient.catalog.PriceListView;
import app.klient.catalog.PriceLists;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/price-lists")
@Tag(name = "Price lists")
class PriceListApi {

    private final PriceLists lists;

    PriceListApi(PriceLists lists) {
        this.lists = lists;
    }

    record ItemPrice(@NotNull BigDecimal unitPrice) {
    }

    record Activity(Integer version) {
    }

    @Operation(summary = "All price lists (without their items)")
    @GetMapping
    List<PriceListView> list() {
        return lists.list();
    }

    @Operation(summary = "A price list with the price of every product it names")
    @GetMapping("/{id}")
    PriceListView get(@PathVariable long id) {
        return lists.get(id);
    }

    @Operation(summary = "Create a price list for a currency and optionally a customer group (a company tag); "
            + "one active list per currency and group")
    @PostMapping
    ResponseEntity<PriceListView> create(@Valid @RequestBody PriceListForm form) {
        PriceListView created = lists.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/price-lists/" + created.id())
                .body(created);
    }

    @Operation(summary = "Rename a list or change its currency or group; send the version you read")
    @PutMapping("/{id}")
    PriceListView update(@PathVariable long id, @Valid @RequestBody PriceListForm form) {
        return lists.update(id, form);
    }

    @Operation(summary = "Retire a list (its prices stop applying); send the version you read")
    @PostMapping("/{id}/retire")
    PriceListView retire(@PathVariable long id, @RequestBody Activity body) {
        return lists.setActive(id, false, body.version());
    }

    @Operation(summary = "Use a retired price list again; send the version you read.")
    @PostMapping("/{id}/restore")
    PriceListView restore(@PathVariable long id, @RequestBody Activity body) {
        return lists.setActive(id, true, body.version());
    }

    @Operation(summary = "Set a product's price on the list: {\"unitPrice\": 99.00}")
    @PutMapping("/{id}/items/{productId}")
    PriceListView setPrice(@PathVariable long id, @PathVariable long productId,
            @Valid @RequestBody ItemPrice body) {
        return lists.setPrice(id, productId, body.unitPrice());
    }

    @Operation(summary = "Remove a product from the list: it falls back to its own price")
    @DeleteMapping("/{id}/items/{productId}")
    PriceListView removePrice(@PathVariable long id, @PathVariable long productId) {
        return lists.removePrice(id, productId);
    }
}
