package com.lenz.central.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.lenz.central.http.RequestIdFilter;
import io.dropwizard.logging.json.AccessJsonLayoutBaseFactory;
import io.dropwizard.request.logging.layout.LogbackAccessRequestLayout;
import java.util.Set;
import java.util.TimeZone;

/**
 * The request log's layout ({@code layout: {type: lenz-access, format: ${LOG_FORMAT}}}): Dropwizard's
 * access line, or its JSON object, each with the request id the answer carried in {@code X-Request-Id}.
 */
@JsonTypeName("lenz-access")
public class RequestLogLayoutFactory extends FormatSwitchingLayoutFactory<IAccessEvent> {

    /** Dropwizard's default request line, then the request id. */
    static final String TEXT_PATTERN = "%h %l %u [%t{dd/MMM/yyyy:HH:mm:ss.SSS Z,UTC}] \"%r\" %s %b \"%i{Referer}\" "
            + "\"%i{User-Agent}\" %D %responseHeader{" + RequestIdFilter.HEADER + "}";

    @Override
    public LayoutBase<IAccessEvent> build(LoggerContext context, TimeZone timeZone) {
        if (json()) {
            AccessJsonLayoutBaseFactory json = new AccessJsonLayoutBaseFactory();
            json.setTimestampFormat(JSON_TIMESTAMP);
            json.setResponseHeaders(Set.of(RequestIdFilter.HEADER));
            return json.build(context, TimeZone.getTimeZone("UTC"));
        }
        LogbackAccessRequestLayout layout = new LogbackAccessRequestLayout(context, timeZone);
        layout.setPattern(TEXT_PATTERN);
        return layout;
    }
}
