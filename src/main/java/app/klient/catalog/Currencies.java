package app.klient.catalog;

import java.util.Currency;

/** ISO 4217 codes as Klient accepts them: three capital letters that the JDK knows as a currency. */
public final class Currencies {

    private Currencies() {
    }

    public static boolean known(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }
}
