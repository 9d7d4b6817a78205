package app.klient.catalog.web;

import java.io.IOException;

import app.klient.catalog.ProductExport;
import app.klient.catalog.ProductQuery;
import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import app.klient.platform.export.Downloads;
import app.klient.platform.export.ExportFormat;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The product list as a file: from the product page as filtered there, and over the API. */
@Controller
class ProductExports {

    private final ProductExport export;

    ProductExports(ProductExport export) {
        this.export = export;
    }

    @Tag(name = "Products")
    @Operation(summary = "The filtered product list as a file: format=csv (UTF-8 with a byte order mark, the default) "
            + "or xlsx; the same filters as GET /products; administrators and managers; audited with the row count")
    @GetMapping(value = "/api/v1/products/export", produces = { "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
    @ResponseBody
    void api(@Valid @ModelAttribute ProductQuery query,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Permission.EXPORT_PRODUCTS.check();
        ExportFormat chosen = ExportFormat.of(format);
        Downloads.start(response, chosen, "products");
        export.products(query, chosen, response.getOutputStream());
    }

    @GetMapping({ "/products/export.csv", "/products/export.xlsx" })
    void page(@Valid @ModelAttribute("query") ProductQuery query, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Permission.EXPORT_PRODUCTS.check();
        if (errors.hasErrors()) {
            throw KlientException.invalid("customer.badFilter");
        }
        ExportFormat format = Downloads.format(request);
        Downloads.start(response, format, "products");
        export.products(query, format, response.getOutputStream());
    }
}
