package io.ccheadless.aws.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.ccheadless.core.json.Json;
import io.ccheadless.core.json.MalformedJsonException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway HTTP API (payload 2.0) events and answers as JSON, for handlers that are plain
 * {@code RequestStreamHandler}s. The event is read with jackson-core alone ({@link Json}) and copied field by field
 * into the event type, and the answer written the same way: Jackson's data binding would first introspect the event's
 * dozen nested classes, and its first {@code ObjectMapper} alone loads some 440 classes (README, "Cold starts").
 * Fields the event type does not know are ignored; absent fields stay null and are left out of the answer.
 */
public final class HttpApiJson {
    private HttpApiJson() {
    }

    /** The event; an empty, unreadable or wrongly shaped body is a {@link BadEventException}. */
    public static APIGatewayV2HTTPEvent read(InputStream in) {
        Object parsed;
        try {
            parsed = Json.parse(in.readAllBytes());
        } catch (MalformedJsonException e) {
            if (!e.empty()) {
                throw new BadEventException("not an API Gateway HTTP API event: not JSON of that shape");
            }
            parsed = null;   // no event at all
        } catch (IOException e) {
            throw new BadEventException("not an API Gateway HTTP API event: not JSON of that shape");
        }
        if (parsed == null) {
            throw new BadEventException("not an API Gateway HTTP API event: empty");
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new BadEventException("not an API Gateway HTTP API event: not JSON of that shape");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) parsed;
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setVersion(text(root, "version"));
        e.setRouteKey(text(root, "routeKey"));
        e.setRawPath(text(root, "rawPath"));
        e.setRawQueryString(text(root, "rawQueryString"));
        e.setCookies(list(root, "cookies"));
        e.setHeaders(map(root, "headers"));
        e.setQueryStringParameters(map(root, "queryStringParameters"));
        e.setPathParameters(map(root, "pathParameters"));
        e.setStageVariables(map(root, "stageVariables"));
        e.setBody(text(root, "body"));
        e.setIsBase64Encoded(asBoolean(root.get("isBase64Encoded")));
        Map<String, Object> rc = object(root, "requestContext");
        if (rc != null) {
            RequestContext c = new RequestContext();
            c.setRouteKey(text(rc, "routeKey"));
            c.setAccountId(text(rc, "accountId"));
            c.setStage(text(rc, "stage"));
            c.setApiId(text(rc, "apiId"));
            c.setDomainName(text(rc, "domainName"));
            c.setDomainPrefix(text(rc, "domainPrefix"));
            c.setTime(text(rc, "time"));
            c.setTimeEpoch(Json.asLong(rc.get("timeEpoch"), 0));
            c.setRequestId(text(rc, "requestId"));
            Map<String, Object> http = object(rc, "http");
            if (http != null) {
                RequestContext.Http h = new RequestContext.Http();
                h.setMethod(text(http, "method"));
                h.setPath(text(http, "path"));
                h.setProtocol(text(http, "protocol"));
                h.setSourceIp(text(http, "sourceIp"));
                h.setUserAgent(text(http, "userAgent"));
                c.setHttp(h);
            }
            Map<String, Object> authorizer = object(rc, "authorizer");
            if (authorizer != null) {
                RequestContext.Authorizer a = new RequestContext.Authorizer();
                Map<String, Object> iam = object(authorizer, "iam");
                if (iam != null) {
                    RequestContext.IAM i = new RequestContext.IAM();
                    i.setAccessKey(text(iam, "accessKey"));
                    i.setAccountId(text(iam, "accountId"));
                    i.setCallerId(text(iam, "callerId"));
                    i.setPrincipalOrgId(text(iam, "principalOrgId"));
                    i.setUserArn(text(iam, "userArn"));
                    i.setUserId(text(iam, "userId"));
                    a.setIam(i);
                }
                c.setAuthorizer(a);
            }
            e.setRequestContext(c);
        }
        return e;
    }

    public static void write(APIGatewayV2HTTPResponse answer, OutputStream out) throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("statusCode", answer.getStatusCode());
        if (answer.getHeaders() != null) {
            o.put("headers", answer.getHeaders());
        }
        if (answer.getMultiValueHeaders() != null) {
            o.put("multiValueHeaders", answer.getMultiValueHeaders());
        }
        if (answer.getCookies() != null) {
            o.put("cookies", answer.getCookies());
        }
        if (answer.getBody() != null) {
            o.put("body", answer.getBody());
        }
        o.put("isBase64Encoded", answer.getIsBase64Encoded());
        out.write(Json.writeBytes(o));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String field) {
        Object n = parent.get(field);
        if (n == null) {
            return null;
        }
        if (!(n instanceof Map<?, ?>)) {
            throw shape(field);
        }
        return (Map<String, Object>) n;
    }

    /** A scalar as text (a number or boolean written out); null when absent or null; an object or array is refused. */
    private static String text(Map<String, Object> parent, String field) {
        Object n = parent.get(field);
        if (n == null) {
            return null;
        }
        if (n instanceof Map<?, ?> || n instanceof List<?>) {
            throw shape(field);
        }
        return Json.text(n);
    }

    private static Map<String, String> map(Map<String, Object> parent, String field) {
        Map<String, Object> n = object(parent, field);
        if (n == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : n.keySet()) {
            m.put(key, text(n, key));
        }
        return m;
    }

    private static List<String> list(Map<String, Object> parent, String field) {
        Object n = parent.get(field);
        if (n == null) {
            return null;
        }
        if (!(n instanceof List<?> values)) {
            throw shape(field);
        }
        List<String> l = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                throw shape(field);
            }
            l.add(v == null ? "null" : Json.text(v));   // as databind's asText() of a null element
        }
        return l;
    }

    /** {@code isBase64Encoded} read as databind's {@code asBoolean(false)} did: a boolean, "true"/"false", a non-zero whole number. */
    private static boolean asBoolean(Object v) {
        return switch (v) {
            case Boolean b -> b;
            case String s -> "true".equals(s.trim());
            case Long l -> l != 0;
            case java.math.BigInteger b -> b.signum() != 0;
            case null, default -> false;
        };
    }

    private static BadEventException shape(String field) {
        return new BadEventException("not an API Gateway HTTP API event: " + field + " is not JSON of that shape");
    }

    /** The invocation's payload is not an HTTP API event. */
    public static final class BadEventException extends RuntimeException {
        public BadEventException(String message) {
            super(message);
        }
    }
}
