package app.klient.catalog.web;

import java.io.IOException;

import app.klient.catalog.ProductExport;
import app.klient.catalog.ProductQuery;
import app.klient.identity.Permission;
import app.klient.platform.export.Downloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The product list as a file over the API, with the list's filters; administrators and managers. */
@RestController
class ProductExportApi {

    private final ProductExport export;

    ProductExportApi(ProductExport export) {
        this.export = export;
    }

    @Tag(name = "Products")
    @Operation(summary = "The filtered product list as a file: format=csv (UTF-8 with a byte order mark, the default) "
            + "or xlsx; the same filters as GET /products; administrators and managers; audited with the row count")
    @GetMapping(value = "/api/v1/products/export", produces = { "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
    void api(@Valid @ModelAttribute ProductQuery query,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Downloads.api(response, "products", format, Permission.EXPORT_PRODUCTS::check,
                (chosen, out) -> export.products(query, chosen, out));
    }
}
