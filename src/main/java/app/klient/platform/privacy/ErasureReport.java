package app.klient.platform.privacy;

import java.util.Map;
import java.util.TreeMap;

/** What an erasure did, table by table: rows anonymized or deleted, and rows kept because the law says so. */
public final class ErasureReport {

    private final Map<String, Integer> changed = new TreeMap<>();
    private final Map<String, Integer> kept = new TreeMap<>();

    public void changed(String table, int rows) {
        if (rows > 0) {
            changed.merge(table, rows, Integer::sum);
        }
    }

    public void kept(String table, int rows) {
        if (rows > 0) {
            kept.merge(table, rows, Integer::sum);
        }
    }

    public Map<String, Integer> changed() {
        return Map.copyOf(changed);
    }

    public Map<String, Integer> kept() {
        return Map.copyOf(kept);
    }

    public int total() {
        return changed.values().stream().mapToInt(Integer::intValue).sum();
    }
}
