package app.klient.catalog.web;

import java.util.List;

import app.klient.catalog.ExchangeRates;
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

@RestController
@RequestMapping("/api/v1/exchange-rates")
@Tag(name = "Exchange rates")
class ExchangeRateApi {

    private final ExchangeRates rates;

    ExchangeRateApi(ExchangeRates rates) {
        this.rates = rates;
    }

    @Operation(summary = "List the exchange rates Klient converts amounts with.")
    @GetMapping
    List<ExchangeRates.Rate> list() {
        return rates.list();
    }

    @Operation(summary = "Set a rate into the company currency from a day on (administrators and managers): "
            + "{\"currency\": \"CZK\", \"rate\": 0.1712, \"validFrom\": \"2026-11-24\", \"tableNumber\": "
            + "\"229/A/NBP/2026\"}; invoices take the rate of the table of the last working day before the sale "
            + "and print its number and date")
    @PostMapping
    ResponseEntity<ExchangeRates.Rate> set(@Valid @RequestBody ExchangeRates.NewRate rate) {
        return ResponseEntity.status(HttpStatus.CREATED).body(rates.set(rate));
    }

    record Imported(int imported) {
    }

    @Operation(summary = "Import rates as text, one per line: currency, rate, valid-from day and optionally the "
            + "table's number (for example \"CZK;0,1712;2026-11-24;229/A/NBP/2026\"); all lines or none")
    @PostMapping(path = "/import", consumes = "text/plain")
    Imported importLines(@RequestBody String text) {
        return new Imported(rates.importLines(text));
    }
}
