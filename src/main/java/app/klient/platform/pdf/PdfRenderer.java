package app.klient.platform.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.springframework.stereotype.Component;

/**
 * Turns a well-formed XHTML page into a PDF. Liberation Sans (metric-compatible with Arial, covering every Polish
 * and Czech letter) is embedded as the font family {@value #FONT}; pages use it in their CSS. Nothing is fetched
 * from outside: a template cannot make the server load a URL.
 */
@Component
public class PdfRenderer {

    public static final String FONT = "Liberation Sans";

    public byte[] render(String xhtml) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useFont(() -> font("LiberationSans-Regular.ttf"), FONT, 400, BaseRendererBuilder.FontStyle.NORMAL,
                    true);
            builder.useFont(() -> font("LiberationSans-Bold.ttf"), FONT, 700, BaseRendererBuilder.FontStyle.NORMAL,
                    true);
            builder.useFont(() -> font("LiberationSans-Italic.ttf"), FONT, 400, BaseRendererBuilder.FontStyle.ITALIC,
                    true);
            // pictures drawn by Klient itself (the KSeF QR code) come inline as data URIs; nothing else is loaded
            builder.useUriResolver((base, uri) -> uri != null && uri.startsWith("data:image/png;base64,") ? uri
                    : null);
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream font(String file) {
        InputStream in = PdfRenderer.class.getClassLoader().getResourceAsStream("liberation/" + file);
        if (in == null) {
            throw new IllegalStateException("The font " + file + " is missing from the classpath");
        }
        return in;
    }
}
