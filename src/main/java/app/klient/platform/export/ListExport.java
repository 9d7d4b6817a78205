package app.klient.platform.export;

import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import app.klient.platform.db.LongReads;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the rows of a list's query as a file: read through a cursor in one read-only transaction (PostgreSQL sends
 * them in batches of 500), written as they come, headers and cells in the reader's language ({@link Reader}). The module that owns the list
 * gives the query with its filters, checks the permission and records the export in the audit log.
 */
@Component
public class ListExport {

    /** Rows read before the names of their references are looked up and they are written. */
    private static final int BATCH = 500;

    private final JdbcClient streaming;
    private final TransactionTemplate reading;
    private final MessageSource messages;

    ListExport(DataSource dataSource, PlatformTransactionManager transactions, MessageSource messages) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(500);
        this.streaming = JdbcClient.create(template);
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
        this.messages = messages;
    }

    /**
     * Writes the rows of {@code sql} to {@code out} and returns how many; {@code written[0]} follows the count as it
     * goes, so a download that breaks off still tells the audit log how far it got.
     */
    public long write(ExportFormat format, OutputStream out, String title, List<Column> columns, String sql,
            Map<String, ?> params, long[] written) {
        return write(format, out, title, columns, sql, params, Map.of(), written);
    }

    /** {@link #write} with the lookups that name the {@linkplain Column#reference references} of other modules. */
    public long write(ExportFormat format, OutputStream out, String title, List<Column> columns, String sql,
            Map<String, ?> params, Map<String, Function<Collection<Long>, Map<Long, String>>> lookups,
            long[] written) {
        Reader reader = Reader.current(messages);
        List<String> header = columns.stream().map(c -> reader.message(c.header())).toList();
        // an export may lag a moment behind the latest commit: on the read replica when there is one
        app.klient.platform.db.Replica.mayLag(() -> reading.execute(status -> {
            LongReads.limit(streaming, Duration.ofMinutes(30));
            try (TableWriter table = TableWriter.open(format, out, header, reader, reader.message(title))) {
                List<List<Object>> batch = new ArrayList<>(BATCH);
                streaming.sql(sql).params(params).query(rs -> {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (Column column : columns) {
                        row.add(column.value().read(rs));
                    }
                    batch.add(row);
                    if (batch.size() == BATCH) {
                        flush(batch, lookups, table, written);
                    }
                });
                flush(batch, lookups, table, written);
                table.finish();
            }
            return null;
        }));
        return written[0];
    }

    private static void flush(List<List<Object>> batch,
            Map<String, Function<Collection<Long>, Map<Long, String>>> lookups, TableWriter table, long[] written) {
        Map<String, Set<Long>> wanted = new HashMap<>();
        for (List<Object> row : batch) {
            for (Object value : row) {
                if (value instanceof Column.Reference reference) {
                    wanted.computeIfAbsent(reference.lookup(), k -> new HashSet<>()).add(reference.id());
                }
            }
        }
        Map<String, Map<Long, String>> names = new HashMap<>();
        wanted.forEach((lookup, ids) -> names.put(lookup, lookups.get(lookup).apply(ids)));
        for (List<Object> row : batch) {
            for (int i = 0; i < row.size(); i++) {
                if (row.get(i) instanceof Column.Reference reference) {
                    row.set(i, names.get(reference.lookup()).get(reference.id()));
                }
            }
            table.row(row);
            written[0]++;
        }
        batch.clear();
    }
}
