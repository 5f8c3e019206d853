package io.ccheadless.aws.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * API Gateway HTTP API (payload 2.0) events and answers as JSON, for handlers that are plain
 * {@code RequestStreamHandler}s: one Jackson mapper (the one priming warms), fields the event types do not know
 * ignored, absent fields left out of the answer.
 */
public final class HttpApiJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private HttpApiJson() {
    }

    /** The event; an empty or unreadable body is a {@link BadEventException}. */
    public static APIGatewayV2HTTPEvent read(InputStream in) {
        try {
            APIGatewayV2HTTPEvent e = JSON.readValue(in, APIGatewayV2HTTPEvent.class);
            if (e == null) {
                throw new BadEventException("not an API Gateway HTTP API event: empty");
            }
            return e;
        } catch (IOException e) {
            throw new BadEventException("not an API Gateway HTTP API event: not JSON of that shape");
        }
    }

    public static void write(APIGatewayV2HTTPResponse answer, OutputStream out) throws IOException {
        out.write(JSON.writeValueAsBytes(answer));
    }

    /** The invocation's payload is not an HTTP API event. */
    public static final class BadEventException extends RuntimeException {
        public BadEventException(String message) {
            super(message);
        }
    }
}
