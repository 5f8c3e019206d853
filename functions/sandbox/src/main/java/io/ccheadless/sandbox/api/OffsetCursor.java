package io.ccheadless.sandbox.api;

import io.ccheadless.sandbox.http.Params;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A paging cursor that is a row offset (base64url of {@code limit=…&offset=…}), as CC's partner accounts page: rows
 * sent or deleted between two reads shift what the next page holds ({@code ApiStrictness#offsetCursors}).
 */
record OffsetCursor(int limit, int offset) {
    OffsetCursor {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and offset >= 0");
        }
    }

    String encode() {
        String raw = "limit=" + limit + "&offset=" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<OffsetCursor> decode(String token) {
        try {
            Params p = Params.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            return Optional.of(new OffsetCursor(Integer.parseInt(p.first("limit").orElseThrow()),
                    Integer.parseInt(p.first("offset").orElseThrow())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
