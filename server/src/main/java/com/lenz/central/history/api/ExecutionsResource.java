package com.lenz.central.history.api;

import com.lenz.central.http.PageRequest;
import com.lenz.central.workflow.api.ExecutionQuery;
import com.lenz.central.workflow.core.ExecutionCount;
import com.lenz.central.workflow.core.ExecutionFilter;
import com.lenz.central.workflow.engine.ExecutionService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /api/executions}: the executions of every workflow, filtered, newest first, paged like the logs. */
@Path("/api/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionsResource {

    private final ExecutionService executions;

    public ExecutionsResource(ExecutionService executions) {
        this.executions = executions;
    }

    @GET
    public Map<String, Object> list(@QueryParam("workflow_id") String workflowId, @QueryParam("status") String status,
                                    @QueryParam("trigger_type") String triggerType, @QueryParam("from") String from,
                                    @QueryParam("to") String to, @QueryParam("page") String page,
                                    @QueryParam("limit") String limit) {
        PageRequest paging = PageRequest.parse(page, limit);
        ExecutionFilter filter = ExecutionQuery.parse(workflowId, status, triggerType, from, to);
        ExecutionCount total = executions.count(filter);
        return paging.envelope("success", executions.list(filter, paging.offset(), paging.limit()), total.total(),
                total.estimated());
    }
}
