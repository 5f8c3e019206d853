package io.ccheadless.core.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns a 2xx JSON body into a value; throws {@link UnusableResponseException} when the body is not usable. */
@FunctionalInterface
public interface BodyReader<T> {
    T read(JsonNode body);
}
