package app.klient.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/** One URL, two renderings: the whole page for a normal request, only the fragment for an htmx one. */
public final class Htmx {

    private Htmx() {
    }

    public static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"))
                && !"true".equals(request.getHeader("HX-Boosted"));
    }

    public static String view(HttpServletRequest request, String page, String fragment) {
        return isHtmx(request) ? page + " :: " + fragment : page;
    }
}
