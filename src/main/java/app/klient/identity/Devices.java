package app.klient.identity;

import java.util.List;
import java.util.Map;

/**
 * A browser and operating system in the words people use ("Chrome", "Windows") read from a User-Agent header, for the
 * list of one's sessions. Only the common ones are named; anything else is simply unknown (null).
 */
public final class Devices {

    public record Device(String browser, String system) {
    }

    // the order matters: Edge and Opera also say Chrome, Chrome also says Safari, Android also says Linux
    private static final List<Map.Entry<String, String>> BROWSERS = List.of(
            Map.entry("Edg/", "Edge"), Map.entry("EdgA/", "Edge"), Map.entry("EdgiOS/", "Edge"),
            Map.entry("OPR/", "Opera"), Map.entry("SamsungBrowser/", "Samsung Internet"),
            Map.entry("Vivaldi/", "Vivaldi"), Map.entry("YaBrowser/", "Yandex Browser"),
            Map.entry("Firefox/", "Firefox"), Map.entry("FxiOS/", "Firefox"),
            Map.entry("CriOS/", "Chrome"), Map.entry("Chromium/", "Chromium"), Map.entry("Chrome/", "Chrome"),
            Map.entry("Version/", "Safari"), Map.entry("curl/", "curl"));

    private static final List<Map.Entry<String, String>> SYSTEMS = List.of(
            Map.entry("Windows", "Windows"), Map.entry("Android", "Android"), Map.entry("iPhone", "iOS"),
            Map.entry("iPad", "iPadOS"), Map.entry("Mac OS X", "macOS"), Map.entry("Macintosh", "macOS"),
            Map.entry("CrOS", "ChromeOS"), Map.entry("Ubuntu", "Ubuntu"), Map.entry("Linux", "Linux"));

    private Devices() {
    }

    public static Device of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new Device(null, null);
        }
        return new Device(first(BROWSERS, userAgent), first(SYSTEMS, userAgent));
    }

    private static String first(List<Map.Entry<String, String>> names, String userAgent) {
        for (Map.Entry<String, String> name : names) {
            if (userAgent.contains(name.getKey())) {
                // HeadlessChrome/ is a Chrome too, and "Version/" only means Safari when Safari says so
                if (name.getKey().equals("Version/") && !userAgent.contains("Safari/")) {
                    continue;
                }
                return name.getValue();
            }
        }
        return null;
    }
}
