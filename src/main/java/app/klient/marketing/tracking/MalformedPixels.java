package app.klient.marketing.tracking;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The open pixel is always the pixel, even at an address Tomcat refuses before any servlet sees it (a NUL byte or
 * bytes that are not UTF-8 in the path: {@code /t/o/%00%ff.gif}). Tomcat marks such a request as a 400 and the host
 * would answer it with an error page, which a mail client shows as a broken image; this valve, on the engine (before
 * the host's error report), answers it with the same 1×1 GIF and no-store as {@link TrackingPages} and records
 * nothing; so does a pixel address with anything a token is not made of (an escape such as {@code %2e}, a slash),
 * which Klient's filters would refuse with a page. Every other request passes untouched.
 */
@Component
class MalformedPixels implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addEngineValves(new PixelValve());
    }

    static final class PixelValve extends ValveBase {

        PixelValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            String uri = request.getRequestURI();
            if (uri != null && uri.startsWith("/t/o/") && (response.isError() || !plain(uri))
                    && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
                response.resetError();
                response.setSuspended(false);
                response.reset();
                response.setStatus(200);
                response.setContentType("image/gif");
                response.setHeader("Cache-Control", "no-store");
                response.setHeader("Pragma", "no-cache");
                response.setContentLength(TrackingPages.PIXEL.length);
                if ("GET".equals(request.getMethod())) {
                    response.getOutputStream().write(TrackingPages.PIXEL);
                }
                response.finishResponse();
                return;
            }
            getNext().invoke(request, response);
        }

        /**
         * Whether the pixel's address is made of what a token is made of (URL-safe Base64 and dots), as Klient
         * writes it; anything else (an escape, a second slash) would be refused further in with an error page.
         */
        static boolean plain(String uri) {
            for (int i = 5; i < uri.length(); i++) {
                char c = uri.charAt(i);
                if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                        || c == '.')) {
                    return false;
                }
            }
            return true;
        }
    }
}
