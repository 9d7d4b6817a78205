package app.klient.platform.web;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for a page's data island ({@code <script type="application/json" th:utext>}): {@code <}, {@code >} and
 * {@code &} written as JSON escapes, so no value — a company called {@code </script><img …>} — can close the
 * element or open another.
 */
public final class ScriptData {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ScriptData() {
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026");
    }
}
