package app.klient.sales.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.klient.platform.InvalidFields;

/** Where each stage's deals go when a pipeline is deleted, as sent: {@code fromStageId:toStageId}, one a value. */
final class StagePairs {

    private StagePairs() {
    }

    static Map<Long, Long> parse(List<String> pairs) {
        Map<Long, Long> map = new HashMap<>();
        if (pairs == null) {
            return map;
        }
        for (String pair : pairs) {
            if (pair == null || !pair.matches("\\d{1,18}:\\d{1,18}")) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError("stages", "pipeline.moveTo.stage")));
            }
            String[] ids = pair.split(":");
            map.put(Long.parseLong(ids[0]), Long.parseLong(ids[1]));
        }
        return map;
    }
}
