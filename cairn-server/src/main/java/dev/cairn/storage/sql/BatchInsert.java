package dev.cairn.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-row {@code INSERT … VALUES (…), (…), …} for bulk loading, the same on SQLite and
 * PostgreSQL (neither needs a driver option, unlike PostgreSQL's {@code reWriteBatchedInserts}).
 * Rows are buffered until {@link #flush()}, which sends them as one statement (prepared once per
 * row count and reused), so the caller decides when rows reach the database: after the rows
 * they reference, because both databases check foreign keys per statement. Each column has a
 * JDBC type so that nulls bind on PostgreSQL.
 */
final class BatchInsert implements AutoCloseable {
    private final Connection connection;
    private final String table;
    private final List<String> columns;
    private final int[] types;
    private final List<Object[]> pending = new ArrayList<>();
    private final Map<Integer, PreparedStatement> statements = new HashMap<>();
    private long rows;

    BatchInsert(Connection connection, String table, List<String> columns, int[] types) {
        if (columns.size() != types.length) {
            throw new IllegalArgumentException("one JDBC type per column");
        }
        this.connection = connection;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.types = types.clone();
    }

    void add(Object... values) throws SQLException {
        if (values.length != types.length) {
            throw new IllegalArgumentException(table + " has " + types.length + " columns, got " + values.length);
        }
        pending.add(values);
    }

    void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        PreparedStatement statement = statements.get(pending.size());
        if (statement == null) {
            statement = connection.prepareStatement(sql(pending.size()));
            statements.put(pending.size(), statement);
        }
        execute(statement);
    }

    long rows() {
        return rows;
    }

    private void execute(PreparedStatement statement) throws SQLException {
        int index = 1;
        for (Object[] row : pending) {
            for (int c = 0; c < row.length; c++) {
                if (row[c] == null) {
                    statement.setNull(index++, types[c]);
                } else if (types[c] == Types.BOOLEAN) {
                    statement.setBoolean(index++, (Boolean) row[c]);
                } else {
                    statement.setObject(index++, row[c], types[c]);
                }
            }
        }
        statement.executeUpdate();
        rows += pending.size();
        pending.clear();
    }

    private String sql(int rowCount) {
        String one = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", Collections.nCopies(rowCount, one));
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
    }
}
