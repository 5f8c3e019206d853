package io.ccheadless.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON through Jackson's streaming parser and generator (jackson-core) alone, for the paths every function's init and
 * first event take: log lines, metrics, the token set's codec, the token endpoint's answers, the keep-alive's and
 * the token API's events. Jackson databind's first {@code ObjectMapper} loads about 440 classes more than the
 * streaming layer under it (70–95 ms of the keep-alive's init: README, "Cold starts").
 * <p>
 * A parsed value is a {@code Map<String, Object>} (in the document's order; a repeated name keeps its last value),
 * a {@code List<Object>}, a {@code String}, a {@code Long} (a {@code BigInteger} beyond it), a {@code Double},
 * a {@code Boolean}, or null for JSON's null. Content after the first value is not read, as databind's
 * {@code readTree} does not: a token endpoint answer with trailing bytes still yields its refresh token
 * (docs/token-lifecycle.md, "Unusable answers"). Writing takes the same kinds (and any {@code Number}); the
 * output is compact, as databind's {@code toString()} of a tree is.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /**
     * The value {@code json} holds. Empty or blank input is a {@link MalformedJsonException} that is
     * {@link MalformedJsonException#empty() empty}; null input is one that is not.
     */
    public static Object parse(String json) throws MalformedJsonException {
        return parse(json == null ? null : () -> FACTORY.createParser(json));
    }

    public static Object parse(byte[] json) throws MalformedJsonException {
        return parse(json == null ? null : () -> FACTORY.createParser(json));
    }

    /** A parser over one input (jackson-core has one factory method per kind of input). */
    private interface Source {
        JsonParser open() throws IOException;
    }

    private static Object parse(Source source) throws MalformedJsonException {
        if (source == null) {
            throw MalformedJsonException.notJson();
        }
        try (JsonParser p = source.open()) {
            return first(p);
        } catch (IOException e) {
            throw MalformedJsonException.notJson();
        }
    }

    /** {@code json}'s object, or null when it holds another kind of value (an array, a string…). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String json) throws MalformedJsonException {
        return parse(json) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(byte[] json) throws MalformedJsonException {
        return parse(json) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            value(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringWriter does not fail
        }
        return out.toString();
    }

    public static byte[] writeBytes(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            value(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a byte array does not fail
        }
        return out.toByteArray();
    }

    /**
     * A scalar as text, as databind's {@code asText()}: a string itself, a number or boolean written out; an object,
     * an array or null, "".
     */
    public static String text(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean ? String.valueOf(v) : "";
    }

    /** A JSON string that is not blank, else null. */
    public static String nonBlankString(Object v) {
        return v instanceof String s && !s.isBlank() ? s : null;
    }

    /**
     * A value as a whole number, as databind's {@code asLong(dflt)}: a number truncated, a string of a number parsed,
     * a boolean 1 or 0; anything else {@code dflt}.
     */
    public static long asLong(Object v, long dflt) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            String t = s.trim();
            try {
                // ASCII digits only: Long.parseLong would read other scripts' digits too, which JSON has not
                if (!t.isEmpty() && t.chars().skip(t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0).allMatch(c -> c >= '0' && c <= '9')) {
                    return Long.parseLong(t);
                }
                double d = Double.parseDouble(t);
                return Double.isNaN(d) ? dflt : (long) d;
            } catch (NumberFormatException notNumber) {
                return dflt;   // beyond a long, or not a number
            }
        }
        return dflt;
    }

    private static Object first(JsonParser p) throws IOException, MalformedJsonException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw MalformedJsonException.noContent();
        }
        return read(p, t);
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String name = p.currentName();   // n is FIELD_NAME: the parser allows nothing else here
                    m.put(name, read(p, p.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    l.add(read(p, n));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + t);   // an embedded object: not in JSON text
        };
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Byte b -> g.writeNumber((short) b);
            case Short sh -> g.writeNumber(sh);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case BigInteger b -> g.writeNumber(b);
            case Number n -> g.writeNumber(n.doubleValue());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object o : c) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }
}
