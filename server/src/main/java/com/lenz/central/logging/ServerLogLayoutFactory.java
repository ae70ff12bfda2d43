package com.lenz.central.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.json.EventJsonLayoutBaseFactory;
import java.util.TimeZone;

/**
 * The server log's layout ({@code layout: {type: lenz, format: ${LOG_FORMAT}}} in config.yml): one setting
 * switches between text and JSON. Both show the MDC: the run's {@code execution_id}, {@code workflow_id},
 * {@code node_id} and the request's {@code request_id} (at the end of a text line, as top-level fields of a
 * JSON object). Secrets are masked before any layout sees an event ({@link LogRedactor}).
 */
@JsonTypeName("lenz")
public class ServerLogLayoutFactory extends FormatSwitchingLayoutFactory<ILoggingEvent> {

    /** Dropwizard's own line, plus the MDC when there is one: {@code ... message [execution_id=..., node_id=...]}. */
    static final String TEXT_PATTERN = "%-5p [%d{ISO8601,UTC}] %c: %m%replace( [%X]){' \\[\\]', ''}%n%rEx";

    @Override
    public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
        if (json()) {
            EventJsonLayoutBaseFactory json = new EventJsonLayoutBaseFactory();
            json.setFlattenMdc(true); // execution_id etc. as fields of their own, easy to filter on
            json.setTimestampFormat(JSON_TIMESTAMP);
            return json.build(context, TimeZone.getTimeZone("UTC"));
        }
        DropwizardLayout layout = new DropwizardLayout(context, timeZone);
        layout.setPattern(TEXT_PATTERN);
        return layout;
    }
}
