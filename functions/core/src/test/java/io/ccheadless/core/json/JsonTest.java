package io.ccheadless.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Json} against databind, which the code it replaced used: the same text out for the same value, the same
 * value in for the same text, the same scalar readings, and the same inputs refused.
 */
class JsonTest {
    private static final ObjectMapper DATABIND = new ObjectMapper();

    @Property(tries = 300)
    void writesWhatDatabindsTreeWrites(@ForAll("values") Object value) throws Exception {
        JsonNode tree = DATABIND.valueToTree(value);
        assertEquals(tree.toString(), Json.write(value));
        // as bytes, Jackson escapes a character beyond the BMP as its surrogate pair, as writeValueAsBytes does
        assertArrayEquals(DATABIND.writeValueAsBytes(tree), Json.writeBytes(value));
    }

    @Property(tries = 300)
    void readsBackWhatItWrote(@ForAll("values") Object value) throws Exception {
        assertEquals(value, Json.parse(Json.write(value)));
        assertEquals(value, Json.parse(Json.write(value).getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 500)
    void readsWhatDatabindReadsAndRefusesWhatItRefuses(@ForAll("texts") String text) throws Exception {
        JsonNode expected;
        try {
            expected = DATABIND.readTree(text);
        } catch (Exception e) {
            assertThrows(MalformedJsonException.class, () -> Json.parse(text), text);
            return;
        }
        assertEquals(expected.toString(), Json.write(Json.parse(text)), text);
        assertEquals(expected.isObject(), Json.object(text) != null, text);
        for (JsonNode n : expected.isObject() ? List.copyOf(expected.properties().stream().map(Map.Entry::getValue).toList())
                : List.of(expected)) {
            Object v = Json.parse(n.toString());
            if (!n.isNull()) {
                assertEquals(n.asText(), Json.text(v), n.toString());
            }
            if (n.isValueNode() && !n.isNull() && !(n.isTextual() && n.asText().trim().matches("(?i)[+-]?(nan|infinity).*"))) {
                assertEquals(n.asLong(-7), Json.asLong(v, -7), n.toString());
            }
        }
    }

    @Example
    void aRepeatedNameKeepsItsLastValueAndTrailingContentIsNotRead() throws Exception {
        assertEquals(Map.of("a", 2L), Json.parse("{\"a\": 1, \"a\": 2}"));
        assertEquals(Map.of("refresh_token", "r"), Json.parse("{\"refresh_token\": \"r\"} <html>"));
        assertNull(Json.object("[1]"));
        assertNull(Json.object("\"text\""));
    }

    @Example
    void nothingIsNotJsonAndTheMessageNeverQuotesTheInput() {
        for (String text : new String[]{"", "   ", "{\"refresh_token\": \"tok-s3cret", "tok-s3cret", "{tok-s3cret}"}) {
            MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> Json.parse(text));
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
            assertEquals(text.isBlank(), e.empty(), "'" + text + "'");
        }
        assertFalse(assertThrows(MalformedJsonException.class, () -> Json.parse((String) null)).empty());
        assertFalse(assertThrows(MalformedJsonException.class, () -> Json.parse((byte[]) null)).empty());
    }

    @Example
    void scalarReadings() {
        assertEquals("", Json.text(null));
        assertEquals("", Json.text(Map.of("a", 1L)));
        assertEquals("", Json.text(List.of()));
        assertEquals("1.5", Json.text(1.5));
        assertEquals("true", Json.text(true));
        assertNull(Json.nonBlankString("  "));
        assertNull(Json.nonBlankString(5L));
        assertEquals("x", Json.nonBlankString("x"));
        assertEquals(600, Json.asLong(" 600 ", 0));
        assertEquals(600, Json.asLong("600.9", 0));
        assertEquals(600, Json.asLong(600.9, 0));
        assertEquals(1, Json.asLong(true, 0));
        assertEquals(0, Json.asLong(false, 9));
        assertEquals(9, Json.asLong("NaN", 9));
        assertEquals(9, Json.asLong("soon", 9));
        assertEquals(9, Json.asLong(null, 9));
        assertEquals(9, Json.asLong(List.of(1L), 9));
        assertEquals(-5, Json.asLong("-5", 0));
        assertEquals(5, Json.asLong("+5", 0));
        assertEquals(9, Json.asLong("\u1946", 9));   // a Limbu digit: JSON's digits are ASCII
        assertEquals(9, Json.asLong("99999999999999999999", 9));   // beyond a long, as databind's asLong
        assertEquals(9, Json.asLong("10000000000000000000000", 9));
        assertEquals(9, Json.asLong("", 9));
    }

    @Example
    void everyKindOfNumberIsWrittenAsDatabindWritesIt() {
        for (Object n : new Object[] {7, 7L, 1.5f, 2.25, new java.math.BigInteger("123456789012345678901234567890"),
                (short) 3, (byte) 4}) {
            assertEquals(DATABIND.valueToTree(n).toString(), Json.write(n), n.getClass().getSimpleName());
        }
    }

    @Example
    void anObjectFromBytes() throws Exception {
        assertEquals(Map.of("a", List.of(1L, "b")), Json.object("{\"a\": [1, \"b\"]}".getBytes(StandardCharsets.UTF_8)));
        assertNull(Json.object("[{}]".getBytes(StandardCharsets.UTF_8)));
    }

    @Example
    void refusesWhatIsNotAJsonValue() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }

    @Provide
    Arbitrary<Object> values() {
        return value(2);
    }

    private Arbitrary<Object> value(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                // well-formed UTF-16 (a lone surrogate is not text that JSON can carry), and characters that need escaping
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF').ofMaxLength(12)
                        .map(s -> (Object) s),
                Arbitraries.strings().withChars("\"\\/\n\t\u0000\u001fé€a").ofMaxLength(8).map(s -> (Object) s),
                Arbitraries.of("😀", "a😀b", "\u2028").map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE),
                Arbitraries.just(null));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), value(depth - 1)).ofMaxSize(4)
                .map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, scalar), net.jqwik.api.Tuple.of(1, list),
                net.jqwik.api.Tuple.of(2, map));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> json = values().map(Json::write);
        Arbitrary<String> noise = Arbitraries.strings().withChars("{}[]\",:0123456789.eE-+ tnrufals\\x").ofMaxLength(16);
        Arbitrary<String> numbers = Arbitraries.of("1", "-0", "1e3", "1.5E-3", "123456789012345678901234567890", "01", "1.",
                "-", "\"600\"", "\" 42 \"", "\"4.2\"", "\"1e2\"", "true", "null", "[]", "{}", "\"\"");
        return Arbitraries.oneOf(json, noise.filter(s -> !s.isBlank()), numbers,
                Arbitraries.strings().ofMaxLength(1).flatMap(sep -> json.map(j -> j + sep + "garbage")));
    }
}
