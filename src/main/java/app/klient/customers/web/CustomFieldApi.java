package app.klient.customers.web;

import java.util.List;

import app.klient.customers.CustomFieldDefinition;
import app.klient.customers.CustomFieldForm;
import app.klient.customers.CustomFields;
import app.klient.customers.CustomerType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Custom field definitions: everybody reads them (to fill forms), administrators define them. */
@RestController
@RequestMapping("/api/v1/custom-fields")
@Tag(name = "Custom fields")
class CustomFieldApi {

    private final CustomFields customFields;

    CustomFieldApi(CustomFields customFields) {
        this.customFields = customFields;
    }

    @Operation(summary = "List the administrator's custom fields of companies or contacts.")
    @GetMapping
    List<CustomFieldDefinition> list(@RequestParam CustomerType entity) {
        return customFields.all(entity);
    }

    @Operation(summary = "Define a field: TEXT, NUMBER, DATE, CHOICE, MULTI_CHOICE (with options), BOOLEAN or URL")
    @PostMapping
    ResponseEntity<CustomFieldDefinition> define(@Valid @RequestBody CustomFieldForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(customFields.define(form));
    }

    @Operation(summary = "Change labels, options, required and order; send the version you read")
    @PutMapping("/{id}")
    CustomFieldDefinition change(@PathVariable long id, @Valid @RequestBody CustomFieldForm form) {
        return customFields.change(id, form);
    }

    @Operation(summary = "Retire (active=false) or bring back a field; stored values stay")
    @PostMapping("/{id}/active")
    CustomFieldDefinition setActive(@PathVariable long id, @RequestParam boolean active) {
        return customFields.setActive(id, active);
    }
}
