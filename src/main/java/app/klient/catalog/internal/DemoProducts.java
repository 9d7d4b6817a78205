package app.klient.catalog.internal;

import java.math.BigDecimal;

import app.klient.catalog.ExchangeRates;
import app.klient.catalog.PriceListForm;
import app.klient.catalog.PriceListView;
import app.klient.catalog.PriceLists;
import app.klient.catalog.ProductForm;
import app.klient.catalog.ProductKind;
import app.klient.catalog.ProductView;
import app.klient.catalog.Products;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo company's catalog: machines, spare parts and services, with a Czech price list and a cheaper one for key
 * accounts (companies tagged "key account").
 */
@Component
@Order(6)
class DemoProducts implements DemoData {

    private record Item(String sku, String name, String pl, String cs, ProductKind kind, String unit, String category,
            String price, String tax, String czk, String keyAccount) {
    }

    private static final Item[] ITEMS = {
        new Item("PM-200", "Packaging machine PM-200", "Pakowarka PM-200", "Balicí stroj PM-200", ProductKind.PRODUCT,
                "pcs", "Machines", "84000", "23", "480000", "79000"),
        new Item("PM-400", "Packaging machine PM-400", "Pakowarka PM-400", "Balicí stroj PM-400", ProductKind.PRODUCT,
                "pcs", "Machines", "126000", "23", "720000", "118000"),
        new Item("CR-12", "Cold room 12 m³", "Komora chłodnicza 12 m³", "Chladicí box 12 m³", ProductKind.PRODUCT,
                "pcs", "Refrigeration", "38500", "23", "219000", null),
        new Item("RK-HD", "Heavy-duty racking bay", "Regał wysokiego składowania", "Těžký regálový díl",
                ProductKind.PRODUCT, "pcs", "Warehouse", "2450", "23", "13900", "2200"),
        new Item("SP-BELT", "Conveyor belt (spare)", "Taśma przenośnika (zapasowa)", "Pás dopravníku (náhradní)",
                ProductKind.PRODUCT, "m", "Spare parts", "310", "23", "1780", null),
        new Item("SRV-INST", "Installation and commissioning", "Montaż i uruchomienie", "Instalace a zprovoznění",
                ProductKind.SERVICE, "h", "Services", "240", "23", "1350", "210"),
        new Item("SRV-CARE", "Service contract (annual)", "Umowa serwisowa (roczna)", "Servisní smlouva (roční)",
                ProductKind.SERVICE, "year", "Services", "9600", "23", "54000", "8400"),
        new Item("TRN-DAY", "Operator training day", "Dzień szkolenia operatorów", "Školicí den obsluhy",
                ProductKind.SERVICE, "day", "Services", "3200", "23", "18000", null),
        new Item("ERP-LIC", "ERP user licence", "Licencja użytkownika ERP", "Uživatelská licence ERP",
                ProductKind.SERVICE, "pcs", "Software", "1890", "23", "10800", "1650"),
        new Item("SOL-5K", "Solar kit 5 kWp", "Zestaw fotowoltaiczny 5 kWp", "Fotovoltaická sada 5 kWp",
                ProductKind.PRODUCT, "pcs", "Energy", "21900", "8", "124000", null) };

    private final Products products;
    private final PriceLists lists;
    private final ExchangeRates rates;

    DemoProducts(Products products, PriceLists lists, ExchangeRates rates) {
        this.products = products;
        this.lists = lists;
        this.rates = rates;
    }

    @Override
    public void fill(Faker faker) {
        String home = rates.companyCurrency();
        PriceListView czech = "CZK".equals(home) ? null
                : lists.create(new PriceListForm("Czech customers", "CZK", null, null));
        PriceListView keyAccounts = lists.create(new PriceListForm("Key accounts", home, "key account", null));
        for (Item item : ITEMS) {
            BigDecimal price = new BigDecimal(item.price());
            // what it costs the company: goods about two thirds of the price, services (mostly time) under half
            BigDecimal cost = price.multiply(new BigDecimal(item.kind() == ProductKind.PRODUCT ? "0.64" : "0.42"))
                    .setScale(0, java.math.RoundingMode.HALF_UP);
            ProductView product = products.create(new ProductForm(item.sku(), item.name(), item.pl(), item.cs(),
                    item.kind(), item.unit(), item.category(), null, price, home, new BigDecimal(item.tax()), null,
                    null, cost));
            if (czech != null) {
                lists.setPrice(czech.id(), product.id(), new BigDecimal(item.czk()));
            }
            if (item.keyAccount() != null) {
                lists.setPrice(keyAccounts.id(), product.id(), new BigDecimal(item.keyAccount()));
            }
        }
    }
}
