package app.klient.billing.ksef;

/**
 * The Ministry of Finance's public KSeF environments (docs: srodowiska.md, kody-qr.md): the API a client talks to and
 * the address the printed QR code points at. TEST accepts self-signed certificates and shared test data; DEMO is
 * configured like production; PRODUCTION is where invoices have legal effect.
 */
public enum KsefEnvironment {

    TEST("https://api-test.ksef.mf.gov.pl/v2", "https://qr-test.ksef.mf.gov.pl"),
    DEMO("https://api-demo.ksef.mf.gov.pl/v2", "https://qr-demo.ksef.mf.gov.pl"),
    PRODUCTION("https://api.ksef.mf.gov.pl/v2", "https://qr.ksef.mf.gov.pl");

    private final String apiUrl;
    private final String qrUrl;

    KsefEnvironment(String apiUrl, String qrUrl) {
        this.apiUrl = apiUrl;
        this.qrUrl = qrUrl;
    }

    public String apiUrl() {
        return apiUrl;
    }

    public String qrUrl() {
        return qrUrl;
    }
}
