package com.lenz.central.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.SharedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.tomcat.jdbc.pool.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;

/**
 * The guard on a one-connection Tomcat pool: a COPY cut by its sink never reaches the next borrower; an
 * error PostgreSQL reports in order keeps the connection; a nested call inside a transaction is left alone.
 */
@Tag("faults")
class ConnectionGuardTest {

    private DataSource pool;
    private Jdbi jdbi;

    @BeforeEach
    void start() {
        PgCluster cluster = SharedPostgres.cluster();
        String url = cluster.jdbcUrl(SharedPostgres.newDatabase("guard"));
        PoolProperties properties = new PoolProperties();
        properties.setUrl(url);
        properties.setUsername("postgres");
        properties.setPassword("");
        properties.setDriverClassName("org.postgresql.Driver");
        properties.setMaxActive(1);
        properties.setInitialSize(1);
        properties.setMinIdle(0);
        properties.setDefaultAutoCommit(true);
        pool = new DataSource(properties);
        jdbi = ConnectionGuard.install(Jdbi.create(pool), null);
        jdbi.useHandle(h -> h.execute("CREATE TABLE t (n integer PRIMARY KEY)"));
    }

    @AfterEach
    void stop() {
        pool.close(true);
    }

    private int backend() {
        return jdbi.withHandle(h -> h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one());
    }

    @Test
    void aCopyCutByItsSinkIsDroppedAndTheNextBorrowerReadsItsOwnRows() {
        int before = backend();

        assertThatThrownBy(() -> jdbi.useTransaction(h -> h.getConnection().unwrap(BaseConnection.class).getCopyAPI()
                .copyOut("COPY (SELECT g, repeat('x', 200) FROM generate_series(1, 200000) g) TO STDOUT", new OutputStream() {
                    private long written;

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        written += len;
                        if (written > 100_000) {
                            throw new IOException("No space left on device");
                        }
                    }
                }))).hasMessage("No space left on device");

        assertThat(backend()).as("a new connection").isNotEqualTo(before);
        for (int i = 0; i < 20; i++) {
            int n = i;
            int answer = jdbi.withHandle(h -> h.createQuery("SELECT :n").bind("n", n).mapTo(Integer.class).one());
            assertThat(answer).isEqualTo(n);
        }
    }

    @Test
    void anErrorTheDatabaseReportsInOrderKeepsTheConnection() {
        int before = backend();
        jdbi.useHandle(h -> h.execute("INSERT INTO t VALUES (1)"));

        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("INSERT INTO t VALUES (1)")))
                .hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> jdbi.useTransaction(h -> h.execute("SELECT 1 / 0"))).hasMessageContaining("division by zero");

        assertThat(backend()).isEqualTo(before);
    }

    @Test
    void aNestedCallInsideATransactionIsPartOfIt() {
        int before = backend();

        jdbi.useTransaction(h -> {
            h.execute("INSERT INTO t VALUES (2)");
            jdbi.useHandle(nested -> nested.execute("INSERT INTO t VALUES (3)"));
            h.execute("INSERT INTO t VALUES (4)");
        });

        int rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM t").mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(3);
        assertThat(backend()).isEqualTo(before);
    }
}
