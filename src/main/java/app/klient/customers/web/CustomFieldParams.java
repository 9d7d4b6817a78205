package app.klient.customers.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Custom field values from a page's form: {@code customFields[key]} inputs, several values for a multi-choice,
 * and a {@code _customFields[key]} marker beside each checkbox so an unticked yes/no field reads as no.
 */
final class CustomFieldParams {

    private static final String PREFIX = "customFields[";
    private static final String MARKER = "_customFields[";

    private CustomFieldParams() {
    }

    static Map<String, Object> from(HttpServletRequest request) {
        Map<String, Object> values = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, given) -> {
            if (name.startsWith(PREFIX) && name.endsWith("]")) {
                String key = name.substring(PREFIX.length(), name.length() - 1);
                String[] nonEmpty = Arrays.stream(given).filter(v -> v != null && !v.isBlank()).toArray(String[]::new);
                values.put(key, nonEmpty.length == 1 ? nonEmpty[0] : Arrays.asList(nonEmpty));
            }
        });
        request.getParameterMap().keySet().forEach(name -> {
            if (name.startsWith(MARKER) && name.endsWith("]")) {
                values.putIfAbsent(name.substring(MARKER.length(), name.length() - 1), "false");
            }
        });
        return values;
    }
}
