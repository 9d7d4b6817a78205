package app.klient.analytics.web;

import java.util.List;

/**
 * A saved report pinned to the dashboard, as its tile shows it: its name, its first rows written for the reader (a
 * grouped report's first groups, which its chart draws), and the link to the whole report.
 */
public record ReportTile(String id, long reportId, String name, List<String> columns, List<Boolean> numeric,
        List<List<String>> rows, boolean more, String link) {

    /** The rows a tile shows. */
    static final int ROWS = 5;
}
