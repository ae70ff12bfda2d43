package com.lenz.central.plugin.api;

import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * One step of a workflow: the extension point every action-node plugin implements.
 *
 * <p>A plugin declares its nodes with PF4J's {@code @Extension}; the server lists every loaded node
 * at {@code GET /api/workflows/node-types} and lets users put it in a workflow under {@link #type()}.
 * One instance serves every execution, possibly at the same time: keep it stateless.
 *
 * <pre>{@code
 * @Extension
 * public class UppercaseNode implements ActionNode {
 *     public String type() { return "uppercase"; }
 *     public NodeDescriptor descriptor() {
 *         return new NodeDescriptor("Uppercase", "Upper-cases config.text",
 *             "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{\"text\":{\"type\":\"string\"}}}");
 *     }
 *     public NodeResult execute(NodeContext ctx) {
 *         return NodeResult.of(Map.of("text", ctx.configString("text").toUpperCase()));
 *     }
 * }
 * }</pre>
 *
 * <h2>Life of a node in an execution</h2>
 * <ol>
 * <li>When a workflow is saved the server checks the node's config against
 *     {@link NodeDescriptor#configSchema()}, then calls {@link #validate}. A string holding a template
 *     ({@code "{{prev.body.rows}}"}) is accepted at save time wherever the schema allows a string, number,
 *     integer or boolean, since its value is known only at run time.</li>
 * <li>At run time every string of the config is rendered, and the rendered config is checked against the
 *     schema again: a rendered string where the schema wants an integer, number or boolean is converted
 *     ({@code "42"} → 42, {@code "true"} → true); a value that still breaks the schema fails the node.</li>
 * <li>{@link #execute} runs on a thread of its own, once per attempt. The workflow's common node options
 *     ({@code retry}, {@code timeout_ms}, {@code continue_on_fail}) are applied by the server around it.</li>
 * </ol>
 */
public interface ActionNode extends ExtensionPoint {

    /**
     * The node type users write in a workflow ({@code "event_history_export"}): a lower-case letter, then
     * lower-case letters, digits and underscores, at most 64 characters. Unique among loaded plugins: when
     * two plugins declare the same type, the server keeps the one of the plugin whose id sorts first and
     * refuses the other (logged, and shown by the {@code node-types} health check).
     */
    String type();

    /** Name, description and the JSON Schema of this node's {@code config}. */
    NodeDescriptor descriptor();

    /**
     * Checks a node's config when a workflow is saved, after the server has checked it against
     * {@link NodeDescriptor#configSchema()}. String values may still hold templates such as
     * {@code "{{prev.body.file_url}}"}; those are rendered only at run time, so accept them wherever a
     * string is allowed ({@link Templates#isTemplate} tells them from literal text by the server's rule).
     * The default accepts everything the schema accepts.
     *
     * @param config the node's config as saved (JSON objects as maps, arrays as lists)
     * @throws NodeConfigException naming the offending field, when the config cannot work
     */
    default void validate(Map<String, Object> config) throws NodeConfigException {
    }

    /**
     * Runs the node once. Called on a worker thread of the server's bounded pool; may block, but should
     * check {@link NodeContext#isCancelled()} during long work and return or throw promptly when set.
     *
     * @param context the rendered config and the services of the server
     * @return the node's output, which later nodes read as {@code {{prev.body.<key>}}}
     * @throws RetryableNodeException for a failure worth another attempt (network, 5xx, 429)
     * @throws NodeConfigException when the rendered config is unusable (no retry)
     * @throws InterruptedException when cancelled while waiting (see {@link NodeContext#isCancelled()})
     * @throws Exception any other failure, which fails this node with the exception's message (no retry)
     */
    NodeResult execute(NodeContext context) throws Exception;
}
