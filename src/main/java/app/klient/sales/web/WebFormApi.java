package app.klient.sales.web;

import java.util.List;

import app.klient.sales.WebForms;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Web-to-lead form definitions (administrators); the form itself is public at {@code /forms/{key}}. */
@RestController
@RequestMapping("/api/v1/web-forms")
@Tag(name = "Web forms")
class WebFormApi {

    private final WebForms forms;

    WebFormApi(WebForms forms) {
        this.forms = forms;
    }

    @Operation(summary = "List the public web forms that create leads, with their embed codes (administrators).")
    @GetMapping
    List<WebForms.WebForm> list() {
        return forms.list();
    }

    @Operation(summary = "Define a public lead form: key (its address /forms/{key}), name, campaign, and the team "
            + "whose members get its leads in turn (or an owner)")
    @PostMapping
    ResponseEntity<WebForms.WebForm> define(@Valid @RequestBody WebForms.Definition definition) {
        return ResponseEntity.status(HttpStatus.CREATED).body(forms.define(definition));
    }
}
