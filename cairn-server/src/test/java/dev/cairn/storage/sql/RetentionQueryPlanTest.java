package dev.cairn.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention must not walk the history it keeps (V4, docs/performance.md "Scale"): on SQLite, as
 * Cairn runs it (no ANALYZE statistics), the prune statements search the partial indexes that
 * hold only what may be deleted, not every expired valid order and its authorizations.
 */
class RetentionQueryPlanTest {
    @TempDir
    Path dir;

    @Test
    void pruningOrdersSearchesOnlyTheIndexOfOrdersThatMayBeDeleted() {
        assertThat(plan(Sql.PRUNE_ORDERS)).contains("orders_prunable_by_expiry").doesNotContain("SCAN orders");
    }

    @Test
    void pruningAuthorizationsSearchesOnlyTheIndexOfAuthorizationsNoValidOrderKeeps() {
        assertThat(plan(Sql.PRUNE_AUTHORIZATIONS))
                .contains("authorizations_prunable_by_expiry")
                .doesNotContain("SCAN authorizations")
                .doesNotContain("SCAN l");
    }

    private String plan(String statement) {
        try (SqlStorage storage = SqlStorage.sqlite(dir.resolve("cairn.db"))) {
            return storage.withConnection(c -> {
                List<String> lines = new ArrayList<>();
                try (PreparedStatement s =
                        c.prepareStatement("EXPLAIN QUERY PLAN " + statement.replace(":cutoff", "?"))) {
                    s.setLong(1, 1_000L);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            lines.add(rs.getString("detail"));
                        }
                    }
                }
                return String.join("\n", lines);
            });
        }
    }
}
