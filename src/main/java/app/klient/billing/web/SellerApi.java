package app.klient.billing.web;

import app.klient.billing.Seller;
import app.klient.billing.SellerProfile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Seller profile")
@RequestMapping("/api/v1/seller")
class SellerApi {

    private final Seller seller;

    SellerApi(Seller seller) {
        this.seller = seller;
    }

    @Operation(summary = "Read the seller profile printed on quotes and invoices: name, identifiers, address, "
            + "bank accounts.")
    @GetMapping
    SellerProfile get() {
        return seller.get();
    }

    @Operation(summary = "Change the seller printed on documents, the numbering patterns ({nnnn} counter, {yyyy}, "
            + "{yy}, {MM}), the payment term and the VAT rates (administrators; send the version you read)")
    @PutMapping
    SellerProfile update(@Valid @RequestBody SellerProfile profile) {
        return seller.update(profile);
    }
}
