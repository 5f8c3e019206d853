package io.ccheadless.aws.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as DynamoDB attributes and back, with no knowledge of what it holds: object = M, array = L, text =
 * S, number = N, boolean = BOOL, null = NULL. Lets a table keep a JSON shape ({@link CampaignJson}) as its item, so
 * the item's field list is the shape's and cannot drift from it. A number comes back whole when it is whole (DynamoDB
 * trims trailing zeros: 29.0 is stored as 29).
 */
public final class JsonAttributes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonAttributes() {
    }

    /** The object's fields as an item's attributes. */
    public static Map<String, AttributeValue> item(ObjectNode o) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        o.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
    }

    /** The attributes as an object, those named in {@code skip} (keys, bookkeeping) left out. */
    public static ObjectNode object(Map<String, AttributeValue> item, java.util.Set<String> skip) {
        ObjectNode o = NODES.objectNode();
        item.forEach((k, v) -> {
            if (!skip.contains(k)) {
                o.set(k, node(v));
            }
        });
        return o;
    }

    static AttributeValue value(JsonNode n) {
        if (n.isObject()) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            n.properties().forEach(e -> m.put(e.getKey(), value(e.getValue())));
            return AttributeValue.fromM(m);
        }
        if (n.isArray()) {
            List<AttributeValue> l = new ArrayList<>();
            n.forEach(x -> l.add(value(x)));
            return AttributeValue.fromL(l);
        }
        if (n.isTextual()) {
            return AttributeValue.fromS(n.asText());
        }
        if (n.isNumber()) {
            return AttributeValue.fromN(n.isIntegralNumber() ? n.bigIntegerValue().toString()
                    : n.decimalValue().stripTrailingZeros().toPlainString());
        }
        if (n.isBoolean()) {
            return AttributeValue.fromBool(n.asBoolean());
        }
        if (n.isNull()) {
            return AttributeValue.fromNul(true);
        }
        throw new IllegalArgumentException("no DynamoDB attribute for a JSON " + n.getNodeType());
    }

    static JsonNode node(AttributeValue v) {
        if (v.hasM()) {
            ObjectNode o = NODES.objectNode();
            v.m().forEach((k, x) -> o.set(k, node(x)));
            return o;
        }
        if (v.hasL()) {
            ArrayNode a = NODES.arrayNode();
            v.l().forEach(x -> a.add(node(x)));
            return a;
        }
        if (v.s() != null) {
            return NODES.textNode(v.s());
        }
        if (v.n() != null) {
            BigDecimal d = new BigDecimal(v.n());
            return d.stripTrailingZeros().scale() <= 0 ? NODES.numberNode(d.longValueExact())
                    : NODES.numberNode(d.doubleValue());
        }
        if (v.bool() != null) {
            return NODES.booleanNode(v.bool());
        }
        if (Boolean.TRUE.equals(v.nul())) {
            return NODES.nullNode();
        }
        throw new IllegalArgumentException("no JSON for a DynamoDB " + v.type());
    }
}
