package com.lenz.central.workflow.trigger;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.events.core.EventIngestService;
import com.lenz.central.events.db.EventStore;
import com.lenz.central.http.Tarpit;
import com.lenz.central.throttle.AttemptThrottle;
import com.lenz.central.throttle.ThrottleConfig;
import com.lenz.central.workflow.engine.ExecutionService;
import com.lenz.central.workflow.db.WorkflowStore;
import com.lenz.central.workflow.trigger.api.WebhookResource;
import com.lenz.central.workflow.trigger.core.EventTriggerDispatcher;
import com.lenz.central.workflow.trigger.core.ScheduleRunner;
import com.lenz.central.workflow.trigger.core.SchedulerConfig;
import com.lenz.central.workflow.trigger.core.SchedulerHealthCheck;
import com.lenz.central.workflow.trigger.core.WebhookService;
import com.lenz.central.workflow.trigger.db.EventTriggerStore;
import com.lenz.central.workflow.trigger.db.ScheduleClaimStore;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.time.ZoneId;
import org.jdbi.v3.core.Jdbi;

/**
 * Triggers: cron schedules claimed in the database, webhooks, and runs queued by ingested events. All
 * start runs through the execution service, so they are registered after it (they stop before it).
 */
public class TriggersModule {

    private final ScheduleRunner scheduler;
    private final WebhookService webhooks;
    private final EventTriggerDispatcher eventTriggers;
    private final EventTriggerStore queue;
    private final EventStore eventStore;
    private final EventIngestService events;
    private final Tarpit tarpit;
    private final Clock clock;

    public TriggersModule(SchedulerConfig config, ZoneId defaultZone, ThrottleConfig throttle, Jdbi jdbi,
            ObjectMapper json, Clock clock, WorkflowStore workflows, ExecutionService executions, String serverId,
            EventStore eventStore, EventIngestService events, Tarpit tarpit, MetricRegistry metrics) {
        this.scheduler = new ScheduleRunner(workflows, jdbi.onDemand(ScheduleClaimStore.class), executions,
                config, defaultZone, serverId, metrics, clock);
        this.webhooks = new WebhookService(workflows, executions, json,
                new AttemptThrottle("webhook tokens", throttle, clock));
        this.queue = new EventTriggerStore(jdbi, json);
        this.eventTriggers = new EventTriggerDispatcher(queue, workflows, executions, serverId);
        this.eventStore = eventStore;
        this.events = events;
        this.tarpit = tarpit;
        this.clock = clock;
    }

    /** The schedule trigger's runner (metrics observe it). */
    public ScheduleRunner scheduler() {
        return scheduler;
    }

    public void register(Environment env) {
        env.lifecycle().manage(scheduler);
        env.healthChecks().register("scheduler", new SchedulerHealthCheck(scheduler, clock));
        env.jersey().register(new WebhookResource(webhooks, tarpit));
        // The trigger feature owns its queue: stored events queue their runs in the transaction that stores them.
        eventStore.afterInsert(queue::enqueue);
        events.addListener(eventTriggers);
        env.lifecycle().manage(eventTriggers);
    }
}
