package io.ccheadless.sandbox.api;

import io.ccheadless.sandbox.http.Params;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An opaque paging cursor: base64url of the page size, the caller's filters, and the sort key (time, id) of the
 * last item already served. Following it continues strictly after that item.
 */
public record Cursor(int limit, Optional<Instant> before, Optional<Instant> after, Instant lastTime, String lastId) {
    public Cursor {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(lastTime, "lastTime");
        Objects.requireNonNull(lastId, "lastId");
    }

    public String encode() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("limit", Integer.toString(limit));
        before.ifPresent(b -> m.put("before_date", b.toString()));
        after.ifPresent(a -> m.put("after_date", a.toString()));
        m.put("next", lastTime.toEpochMilli() + "_" + lastId);
        String raw = io.ccheadless.sandbox.http.Html.withQuery("", m).substring(1);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<Cursor> decode(String token) {
        try {
            Params p = Params.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            int limit = Integer.parseInt(p.first("limit").orElseThrow());
            String next = p.first("next").orElseThrow();
            int us = next.indexOf('_');
            Instant lastTime = Instant.ofEpochMilli(Long.parseLong(next.substring(0, us)));
            return Optional.of(new Cursor(limit, p.first("before_date").map(Instant::parse),
                    p.first("after_date").map(Instant::parse), lastTime, next.substring(us + 1)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when an item sorted by (time desc, id asc) comes after this cursor's last item. */
    public boolean isAfter(Instant time, String id) {
        long t = time.toEpochMilli();
        long last = lastTime.toEpochMilli();
        return t < last || (t == last && id.compareTo(lastId) > 0);
    }
}
