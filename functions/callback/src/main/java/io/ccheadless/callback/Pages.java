package io.ccheadless.callback;

import java.util.Map;

/** The callback's small HTML pages: no scripts, no external resources, every value escaped. */
final class Pages {
    static final Map<String, String> HEADERS = Map.of(
            "Content-Type", "text/html; charset=utf-8",
            "Cache-Control", "no-store",
            "Pragma", "no-cache",
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY");

    private Pages() {
    }

    static String connected(String tenant, String account, long generation) {
        return page("Connected", "<p>Constant Contact account <strong>" + esc(account) + "</strong> is now connected to"
                + " cc-headless as tenant <code>" + esc(tenant) + "</code> (token generation " + generation + ").</p>"
                + "<p>You can close this window. The scheduled sync uses this connection from now on.</p>");
    }

    static String refused(int status, String message, String advice) {
        return page(status >= 500 ? "Try again later" : "Not connected", "<p>" + esc(message) + "</p>"
                + (advice == null ? "" : "<p>" + esc(advice) + "</p>") + "<p>Nothing stored was changed.</p>");
    }

    /**
     * Our failure (5xx): no detail from the exception, which can name secrets, role ARNs or AWS errors; the
     * invocation id lets an operator find the detail in the CallbackFunction log.
     */
    static String failed(int status, String invocation) {
        return page("Try again later", "<p>cc-headless could not complete the authorization (HTTP " + status + ").</p>"
                + "<p>Try again in a few minutes with a new link. If it keeps failing, give your operator this reference:"
                + " <code>" + esc(invocation) + "</code> (the CallbackFunction log has the detail).</p>"
                + "<p>Nothing stored was changed.</p>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>cc-headless: " + esc(title)
                + "</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em}</style>"
                + "</head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>";
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
