package com.lenz.central.openapi;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.Iterator;

/**
 * Bodies the resources read as {@code JsonNode} (checked by hand, see JsonBodyRules) or as raw bytes are "a JSON
 * object" in the document, not Jackson's tree classes' getters.
 */
final class JsonBodyConverter implements ModelConverter {

    @Override
    @SuppressWarnings("rawtypes")
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        JavaType java = Json.mapper().constructType(type.getType());
        if (java != null && JsonNode.class.isAssignableFrom(java.getRawClass())) {
            return new ObjectSchema().description("a JSON object");
        }
        if (java != null && java.getRawClass() == byte[].class) {
            return new StringSchema().format("binary").description("a JSON body, read as it was sent");
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }
}
