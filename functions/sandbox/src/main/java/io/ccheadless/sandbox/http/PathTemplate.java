package io.ccheadless.sandbox.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A path like {@code /emails/{campaign_id}}: literal segments and single-segment parameters. */
public record PathTemplate(String template) {
    public PathTemplate {
        Objects.requireNonNull(template, "template");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("template must start with /: " + template);
        }
    }

    /** The decoded path parameters when {@code rawPath} fits. */
    public Optional<Map<String, String>> match(String rawPath) {
        List<String> want = segments(template);
        List<String> have = segments(rawPath);
        if (want.size() != have.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            String h = have.get(i);
            if (w.startsWith("{") && w.endsWith("}")) {
                if (h.isEmpty()) {
                    return Optional.empty();
                }
                try {
                    params.put(w.substring(1, w.length() - 1),
                            URLDecoder.decode(h.replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            } else if (!w.equals(h)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    private static List<String> segments(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return List.of(p.substring(1).split("/", -1));
    }
}
