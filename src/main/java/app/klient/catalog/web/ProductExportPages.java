package app.klient.catalog.web;

import java.io.IOException;

import app.klient.catalog.ProductExport;
import app.klient.catalog.ProductQuery;
import app.klient.identity.Permission;
import app.klient.platform.export.Downloads;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The product list's Export menu: the products as filtered on the page, as CSV or XLSX. */
@Controller
class ProductExportPages {

    private final ProductExport export;

    ProductExportPages(ProductExport export) {
        this.export = export;
    }

    @GetMapping({ "/products/export.csv", "/products/export.xlsx" })
    void page(@Valid @ModelAttribute("query") ProductQuery query, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Downloads.page(request, response, "products", errors, Permission.EXPORT_PRODUCTS::check,
                (format, out) -> export.products(query, format, out));
    }
}
