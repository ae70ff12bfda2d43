package com.lenz.central.history;

import com.lenz.central.history.api.ExecutionsResource;
import com.lenz.central.history.core.ExportSweeper;
import com.lenz.central.history.core.HistoryPruner;
import com.lenz.central.history.core.PruningHealthCheck;
import com.lenz.central.history.db.HistoryPruneStore;
import com.lenz.central.workflow.engine.ExecutionService;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Execution history: retention (the background pruner of executions, events and export files, its
 * metrics {@code history.pruned.*} and health check {@code history-pruning}) and {@code GET /api/executions}.
 */
public class HistoryModule {

    private final HistoryConfig config;
    private final Jdbi jdbi;
    private final Path exportDir;
    private final ExecutionService executions;
    private final Clock clock;
    private HistoryPruner pruner;

    public HistoryModule(HistoryConfig config, Jdbi jdbi, Path exportDir, ExecutionService executions, Clock clock) {
        this.config = config;
        this.jdbi = jdbi;
        this.exportDir = exportDir;
        this.executions = executions;
        this.clock = clock;
    }

    /** Registered after the executions: the pruner stops before them and before the database pools. */
    public void register(Environment env) {
        HistoryPruneStore store = new HistoryPruneStore(jdbi);
        pruner = new HistoryPruner(config, store, new ExportSweeper(exportDir), clock, env.metrics());
        env.lifecycle().manage(pruner);
        env.healthChecks().register("history-pruning", new PruningHealthCheck(pruner, store, clock));
        env.jersey().register(new ExecutionsResource(executions));
    }

    public HistoryPruner pruner() {
        return pruner;
    }
}
