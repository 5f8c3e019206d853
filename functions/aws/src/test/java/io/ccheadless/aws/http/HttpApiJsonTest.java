package io.ccheadless.aws.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.ccheadless.aws.testing.RepoFiles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The HTTP API's payload 2.0, read and written as the stream handlers do, on the events/ samples. */
class HttpApiJsonTest {
    static APIGatewayV2HTTPEvent read(String json) {
        return HttpApiJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theCampaignsSampleCarriesItsRouteParametersAndIamCaller() {
        APIGatewayV2HTTPEvent e = read(RepoFiles.event("campaigns-api-recent.json"));
        assertEquals("GET", e.getRequestContext().getHttp().getMethod());
        assertEquals("/tenants/default/campaigns", e.getRequestContext().getHttp().getPath());
        assertEquals(Map.of("tenant", "default"), e.getPathParameters());
        assertEquals("7", e.getQueryStringParameters().get("days"));
        assertEquals("arn:aws:sts::123456789012:assumed-role/reporting-service/reporting-service",
                e.getRequestContext().getAuthorizer().getIam().getUserArn());
    }

    @Test
    void theCallbackSampleHasNoIamIdentityAndItsQuery() {
        APIGatewayV2HTTPEvent e = read(RepoFiles.event("callback-success.json"));
        assertNull(e.getRequestContext().getAuthorizer());
        assertEquals("/oauth/callback", e.getRequestContext().getHttp().getPath());
        assertNotNull(e.getQueryStringParameters());
    }

    /** The hand copy reads every sample exactly as Jackson's data binding of the event type would. */
    @Test
    void everyHttpApiSampleReadsAsDataBindingWouldReadIt() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper binding = new com.fasterxml.jackson.databind.ObjectMapper()
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        for (String name : new String[] {"campaigns-api-recent.json", "callback-success.json", "callback-denied.json",
                "callback-missing-state.json"}) {
            String json = RepoFiles.event(name);
            assertEquals(binding.readValue(json, APIGatewayV2HTTPEvent.class), read(json), name);
        }
    }

    @Test
    void aFieldOfTheWrongShapeIsABadEventNamingIt() {
        var e = assertThrows(HttpApiJson.BadEventException.class, () -> read("{\"headers\": [\"a\"]}"));
        assertTrue(e.getMessage().contains("headers"), e.getMessage());
        assertThrows(HttpApiJson.BadEventException.class, () -> read("{\"body\": {\"a\": 1}}"));
        assertThrows(HttpApiJson.BadEventException.class, () -> read("{\"pathParameters\": {\"tenant\": [1]}}"));
        assertThrows(HttpApiJson.BadEventException.class, () -> read("{\"requestContext\": {\"http\": \"GET\"}}"));
        assertThrows(HttpApiJson.BadEventException.class, () -> read("{\"cookies\": \"a=b\"}"));
        assertThrows(HttpApiJson.BadEventException.class, () -> read("{\"requestContext\": "));
    }

    @Test
    void somethingElseIsABadEvent() {
        assertThrows(HttpApiJson.BadEventException.class, () -> read(""));
        assertThrows(HttpApiJson.BadEventException.class, () -> read("[1, 2]"));
        assertThrows(HttpApiJson.BadEventException.class, () -> read("{\"requestContext\": 7}"));
    }

    /** What an empty event is told apart from; scalars read as the tree binding read them (README, "Cold start"). */
    @Test
    void emptyIsToldApartAndScalarsReadAsDatabindsTreeReadThem() {
        for (String empty : new String[] {"", " \n", "null"}) {
            var e = assertThrows(HttpApiJson.BadEventException.class, () -> read(empty));
            assertTrue(e.getMessage().endsWith("empty"), e.getMessage());
        }
        var e = assertThrows(HttpApiJson.BadEventException.class, () -> read("{\"rawPath\": \"/a\","));
        assertTrue(e.getMessage().endsWith("not JSON of that shape"), e.getMessage());
        assertTrue(read("{\"isBase64Encoded\": true}").getIsBase64Encoded());
        assertTrue(read("{\"isBase64Encoded\": \" true \"}").getIsBase64Encoded());
        assertTrue(read("{\"isBase64Encoded\": 1}").getIsBase64Encoded());
        assertFalse(read("{\"isBase64Encoded\": 0}").getIsBase64Encoded());
        assertFalse(read("{\"isBase64Encoded\": \"yes\"}").getIsBase64Encoded());
        assertFalse(read("{\"isBase64Encoded\": null}").getIsBase64Encoded());
        assertFalse(read("{}").getIsBase64Encoded());
        APIGatewayV2HTTPEvent scalars = read("{\"rawPath\": 7, \"body\": false, \"cookies\": [\"a=b\", 3, null],"
                + " \"headers\": {\"x\": 1.5, \"y\": null}, \"requestContext\": {\"timeEpoch\": \"1700000000000\"}}");
        assertEquals("7", scalars.getRawPath());
        assertEquals("false", scalars.getBody());
        assertEquals(java.util.Arrays.asList("a=b", "3", "null"), scalars.getCookies());
        assertEquals("1.5", scalars.getHeaders().get("x"));
        assertTrue(scalars.getHeaders().containsKey("y"));
        assertNull(scalars.getHeaders().get("y"));
        assertEquals(1_700_000_000_000L, scalars.getRequestContext().getTimeEpoch());
    }

    @Test
    void anAnswerIsWrittenWithItsStatusHeadersAndBody() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HttpApiJson.write(APIGatewayV2HTTPResponse.builder().withStatusCode(404).withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"error\":\"not_found\"}").build(), out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"statusCode\":404"), json);
        assertTrue(json.contains("\"headers\":{\"Content-Type\":\"application/json\"}"), json);
        assertTrue(json.contains("\"body\":\"{\\\"error\\\":\\\"not_found\\\"}\""), json);
        assertFalse(json.contains("multiValueHeaders"), json);
        assertTrue(json.endsWith("\"isBase64Encoded\":false}"), json);

        out.reset();
        HttpApiJson.write(APIGatewayV2HTTPResponse.builder().withStatusCode(302)
                .withMultiValueHeaders(Map.of("Set-Cookie", java.util.List.of("a=1", "b=2")))
                .withCookies(java.util.List.of("c=3")).withIsBase64Encoded(true).build(), out);
        assertEquals("{\"statusCode\":302,\"multiValueHeaders\":{\"Set-Cookie\":[\"a=1\",\"b=2\"]},\"cookies\":[\"c=3\"],"
                + "\"isBase64Encoded\":true}", out.toString(StandardCharsets.UTF_8));
    }
}
