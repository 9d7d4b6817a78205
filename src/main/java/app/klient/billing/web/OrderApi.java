package app.klient.billing.web;

import java.time.LocalDate;

import app.klient.billing.OrderForm;
import app.klient.billing.OrderStatus;
import app.klient.billing.OrderView;
import app.klient.billing.Orders;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Orders")
@RequestMapping("/api/v1/orders")
class OrderApi {

    private final Orders orders;

    OrderApi(Orders orders) {
        this.orders = orders;
    }

    record StatusChange(OrderStatus status, Integer version) {
    }

    @Operation(summary = "Orders, newest first; with companyId the customer's purchase history. Filters: status, "
            + "from, to (order day)")
    @GetMapping
    PageResponse<OrderView> list(@RequestParam(required = false) Long companyId,
            @RequestParam(required = false) OrderStatus status, @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(orders.list(new Orders.Query(companyId, status, from, to),
                Paging.of(page, size, null, java.util.Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "Read one order with its lines.")
    @GetMapping("/{id}")
    OrderView get(@PathVariable long id) {
        return orders.get(id);
    }

    @Operation(summary = "Place an order. A shop sends externalSource and externalId: the same order sent again "
            + "answers 200 with the order stored the first time instead of 201 with a new one")
    @PostMapping
    ResponseEntity<OrderView> place(@Valid @RequestBody OrderForm form) {
        Orders.Placed placed = orders.place(form);
        return ResponseEntity.status(placed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .header("Location", "/api/v1/orders/" + placed.order().id()).body(placed.order());
    }

    @Operation(summary = "Move the order on: {\"status\": \"CONFIRMED|FULFILLED|CANCELLED\", \"version\": n}")
    @PostMapping("/{id}/status")
    OrderView status(@PathVariable long id, @RequestBody StatusChange change) {
        return orders.changeStatus(id, change.status(), change.version());
    }
}
