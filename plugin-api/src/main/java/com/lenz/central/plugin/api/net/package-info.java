/**
 * Network helpers for nodes that connect to addresses taken from a user's config: which destinations
 * are refused ({@link com.lenz.central.plugin.api.net.DestinationPolicy}, configured by the server's
 * HTTP_REQUEST_DENY / HTTP_REQUEST_ALLOW and handed over in the node's settings) and CIDR blocks
 * ({@link com.lenz.central.plugin.api.net.AddressBlock}). The server uses the same classes to check its
 * configuration at start.
 */
package com.lenz.central.plugin.api.net;
