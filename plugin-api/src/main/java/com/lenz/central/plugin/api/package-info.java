/**
 * What a vendor compiles an action-node plugin against, and all a plugin may know of Lenz Central.
 *
 * <p>A plugin is a PF4J jar dropped into the server's plugins folder. Each of its
 * {@link com.lenz.central.plugin.api.ActionNode} extensions becomes a node type that users put in
 * workflows. At run time the server hands the node a {@link com.lenz.central.plugin.api.NodeContext}
 * (its config with templates rendered, credentials, exports, event history, a logger, cancellation)
 * and stores the {@link com.lenz.central.plugin.api.NodeResult} it returns. Failures are told with
 * {@link com.lenz.central.plugin.api.NodeConfigException} (bad config, no retry) and
 * {@link com.lenz.central.plugin.api.RetryableNodeException} (worth another attempt); any other
 * exception fails the node with its message. {@link com.lenz.central.plugin.api.Templates} tells a config value
 * rendered only at run time from literal text, by the server's own rule.
 *
 * <p>Keep this package, PF4J, SLF4J and Jackson in {@code provided} scope: the server supplies them, and a
 * second copy inside a plugin breaks class loading.
 */
package com.lenz.central.plugin.api;
