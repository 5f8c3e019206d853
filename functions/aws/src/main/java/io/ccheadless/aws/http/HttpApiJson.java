package io.ccheadless.aws.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway HTTP API (payload 2.0) events and answers as JSON, for handlers that are plain
 * {@code RequestStreamHandler}s. The event is read as a JSON tree and copied field by field into the event type, and
 * the answer written from one: Jackson's data binding would first introspect the event's dozen nested classes, which
 * costs a cold container some 150 ms (docs/design notes in the README). Fields the event type does not know are
 * ignored; absent fields stay null and are left out of the answer.
 */
public final class HttpApiJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpApiJson() {
    }

    /** The event; an empty, unreadable or wrongly shaped body is a {@link BadEventException}. */
    public static APIGatewayV2HTTPEvent read(InputStream in) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new BadEventException("not an API Gateway HTTP API event: not JSON of that shape");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new BadEventException("not an API Gateway HTTP API event: empty");
        }
        if (!root.isObject()) {
            throw new BadEventException("not an API Gateway HTTP API event: not JSON of that shape");
        }
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
        e.setIsBase64Encoded(root.path("isBase64Encoded").asBoolean(false));
        JsonNode rc = object(root, "requestContext");
        if (rc != null) {
            RequestContext c = new RequestContext();
            c.setRouteKey(text(rc, "routeKey"));
            c.setAccountId(text(rc, "accountId"));
            c.setStage(text(rc, "stage"));
            c.setApiId(text(rc, "apiId"));
            c.setDomainName(text(rc, "domainName"));
            c.setDomainPrefix(text(rc, "domainPrefix"));
            c.setTime(text(rc, "time"));
            c.setTimeEpoch(rc.path("timeEpoch").asLong(0));
            c.setRequestId(text(rc, "requestId"));
            JsonNode http = object(rc, "http");
            if (http != null) {
                RequestContext.Http h = new RequestContext.Http();
                h.setMethod(text(http, "method"));
                h.setPath(text(http, "path"));
                h.setProtocol(text(http, "protocol"));
                h.setSourceIp(text(http, "sourceIp"));
                h.setUserAgent(text(http, "userAgent"));
                c.setHttp(h);
            }
            JsonNode authorizer = object(rc, "authorizer");
            if (authorizer != null) {
                RequestContext.Authorizer a = new RequestContext.Authorizer();
                JsonNode iam = object(authorizer, "iam");
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
        ObjectNode o = JSON.createObjectNode();
        o.put("statusCode", answer.getStatusCode());
        if (answer.getHeaders() != null) {
            ObjectNode h = o.putObject("headers");
            answer.getHeaders().forEach(h::put);
        }
        if (answer.getMultiValueHeaders() != null) {
            ObjectNode h = o.putObject("multiValueHeaders");
            answer.getMultiValueHeaders().forEach((k, v) -> v.forEach(h.withArray(k)::add));
        }
        if (answer.getCookies() != null) {
            answer.getCookies().forEach(o.putArray("cookies")::add);
        }
        if (answer.getBody() != null) {
            o.put("body", answer.getBody());
        }
        o.put("isBase64Encoded", answer.getIsBase64Encoded());
        out.write(JSON.writeValueAsBytes(o));
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw shape(field);
        }
        return n;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw shape(field);
        }
        return n.asText();
    }

    private static Map<String, String> map(JsonNode parent, String field) {
        JsonNode n = object(parent, field);
        if (n == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : n.properties()) {
            m.put(f.getKey(), text(n, f.getKey()));
        }
        return m;
    }

    private static List<String> list(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw shape(field);
        }
        List<String> l = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isValueNode()) {
                throw shape(field);
            }
            l.add(v.asText());
        }
        return l;
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
