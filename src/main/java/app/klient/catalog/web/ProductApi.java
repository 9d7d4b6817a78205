package app.klient.catalog.web;

import tools.jackson.databind.JsonNode;
import org.springframework.web.bind.annotation.PatchMapping;
import app.klient.platform.web.MergePatch;
import java.util.Map;

import app.klient.catalog.ProductForm;
import app.klient.catalog.ProductQuery;
import app.klient.catalog.ProductView;
import app.klient.catalog.Products;
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
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/products")
@Tag(name = "Products")
class ProductApi {

    static final Map<String, String> SORTABLE = Map.of("name", "name", "sku", "sku", "unitPrice", "unitPrice",
            "updatedAt", "updatedAt");

    private final Products products;
    private final MergePatch mergePatch;

    ProductApi(Products products, MergePatch mergePatch) {
        this.mergePatch = mergePatch;
        this.products = products;
    }

    @Operation(summary = "List products. Filters: q (SKU or name), category, includeInactive; "
            + "sort=name|sku|unitPrice|updatedAt[,asc|desc]")
    @GetMapping
    PageResponse<ProductView> list(@Valid @ModelAttribute ProductQuery query,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort) {
        return PageResponse.of(products.list(query, Paging.of(page, size, sort, SORTABLE, Sort.by("name"))));
    }

    @Operation(summary = "Read one product of the catalog.")
    @GetMapping("/{id}")
    ProductView get(@PathVariable long id) {
        return products.get(id);
    }

    @Operation(summary = "Add a product or service (administrators and managers); the SKU is unique, taxRate is a "
            + "percent, currency defaults to the company currency")
    @PostMapping
    ResponseEntity<ProductView> create(@Valid @RequestBody ProductForm form) {
        ProductView created = products.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/products/" + created.id())
                .body(created);
    }

    @Operation(summary = "Change a product; send the version you read, a stale one answers 409")
    @PutMapping("/{id}")
    ProductView update(@PathVariable long id, @Valid @RequestBody ProductForm form) {
        return products.update(id, form);
    }

    @Operation(summary = "Change some fields of a product: a JSON Merge Patch (RFC 7396) with the version you read; "
            + "fields left out keep their values, null clears one.")
    @PatchMapping(value = "/{id}", consumes = { MergePatch.MEDIA_TYPE, "application/json" })
    ProductView patch(@PathVariable long id, @RequestBody JsonNode patch) {
        return products.update(id, mergePatch.apply(products.get(id), patch, ProductForm.class));
    }

    @Operation(summary = "Retire a product: it is no longer offered but stays on deals and documents that name it")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> retire(@PathVariable long id) {
        products.setActive(id, false, null);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Offer a retired product again")
    @PostMapping("/{id}/restore")
    ProductView restore(@PathVariable long id) {
        return products.setActive(id, true, null);
    }
}
