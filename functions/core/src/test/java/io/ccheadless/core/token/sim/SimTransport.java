package io.ccheadless.core.token.sim;

import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.http.Transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * CC's token endpoint as the {@link Transport} under the real {@code OAuthClient} and {@code HttpExchange}, which
 * parse every answer, malformed 200s included, and classify every failure. Each request is a yield point; its latency
 * and fault are drawn from the schedule's seed; a request still running at the token-call bound is answered with a
 * timeout at the bound.
 */
final class SimTransport implements Transport {
    private final SimScheduler sched;
    private final SimFaults faults;
    private final SimCc cc;
    private final long boundMs;

    SimTransport(SimScheduler sched, SimFaults faults, SimCc cc, Duration tokenCallBound) {
        this.sched = sched;
        this.faults = faults;
        this.cc = cc;
        this.boundMs = tokenCallBound.toMillis();
    }

    @Override
    public HttpExchange.Response exchange(String method, URI uri, Map<String, String> headers, String body, Duration timeout)
            throws IOException {
        SimScheduler.Actor a = sched.current();
        sched.yieldPoint(null);
        String token = formField(body == null ? "" : body, "refresh_token");
        long start = sched.now();
        SimFaults.CcFault f = faults.cc(a.faultFree, sched.elapsed());
        switch (f) {
            case CONNECT_REFUSED -> {
                sched.blockFor(faults.between(1, 30));
                return failed(a, "cc.refresh → connection refused (not processed)", new ConnectException("refused"));
            }
            case TIMEOUT_UNPROCESSED -> {
                sched.blockUntil(start + boundMs);
                return failed(a, "cc.refresh → timeout at the bound (not processed)", new SocketTimeoutException("timed out"));
            }
            case UNAVAILABLE_503 -> {
                sched.blockFor(faults.between(5, 200));
                return answer(a, 503, "{\"error\":\"temporarily_unavailable\"}", "cc.refresh → 503 (not processed)");
            }
            case THROTTLED_429 -> {
                sched.blockFor(faults.between(5, 100));
                return answer(a, 429, "{\"error\":\"too_many_requests\"}", "cc.refresh → 429 (not processed)");
            }
            case SERVER_ERROR_500 -> {
                sched.blockFor(faults.between(5, 300));
                return answer(a, 500, "", "cc.refresh → 500 (not processed)");
            }
            default -> {
            }
        }
        sched.blockFor(f == SimFaults.CcFault.SLOW ? faults.between(800, boundMs - 1) : faults.between(20, 300));
        int presented = token == null ? -1 : cc.issueOfRefresh(token);
        SimCc.Issue issued = token == null ? null : cc.refresh(a.name, token, sched.now(), a.call.open && a.call.lookupFailed);
        String what = "cc.refresh cc#" + presented;
        if (issued == null) {
            String refusal = "invalid_grant (" + cc.lastRefusal + ")";
            return switch (f) {
                case LOST_ANSWER_TIMEOUT -> {
                    sched.blockUntil(start + boundMs);
                    yield failed(a, what + " → " + refusal + ", answer lost (timeout)", new SocketTimeoutException("timed out"));
                }
                case LOST_ANSWER_RESET -> failed(a, what + " → " + refusal + ", answer lost (reset)", new IOException("connection reset"));
                default -> answer(a, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token is"
                        + " invalid or expired.\"}", what + " → " + refusal);
            };
        }
        what += " → issued cc#" + issued.index;
        boolean omitRefresh = !cc.rotating() && cc.omitLongLivedRefresh;
        String refresh = omitRefresh ? "" : ",\"refresh_token\":\"" + issued.refresh + "\"";
        String good = "{\"access_token\":\"" + issued.access + "\"" + refresh
                + ",\"token_type\":\"Bearer\",\"scope\":\"campaign_data offline_access\",\"expires_in\":86400}";
        String answer = switch (f) {
            case LOST_ANSWER_TIMEOUT, LOST_ANSWER_RESET -> null;
            case NO_EXPIRES_IN -> "{\"access_token\":\"" + issued.access + "\"" + refresh + ",\"token_type\":\"Bearer\"}";
            case EXPIRES_IN_NOT_POSITIVE -> "{\"access_token\":\"" + issued.access + "\"" + refresh + ",\"expires_in\":"
                    + (faults.chance(0.5) ? "0" : "-3600") + "}";
            case EXPIRES_IN_HUGE -> "{\"access_token\":\"" + issued.access + "\"" + refresh + ",\"expires_in\":315360000}";
            case EMPTY_ACCESS_TOKEN -> "{\"access_token\":\"\"" + refresh + ",\"expires_in\":86400}";
            case NOT_JSON -> "<html><body>502 Bad Gateway</body></html>";
            case NEITHER_TOKEN -> "{\"token_type\":\"Bearer\",\"expires_in\":86400}";
            default -> good;
        };
        if (answer == null) {
            issued.fate = SimCc.Fate.DROPPED;
            if (f == SimFaults.CcFault.LOST_ANSWER_TIMEOUT) {
                sched.blockUntil(start + boundMs);
                return failed(a, what + ", answer lost (timeout)", new SocketTimeoutException("timed out"));
            }
            return failed(a, what + ", answer lost (reset)", new IOException("connection reset"));
        }
        if (f == SimFaults.CcFault.NOT_JSON || f == SimFaults.CcFault.NEITHER_TOKEN
                || (f == SimFaults.CcFault.EMPTY_ACCESS_TOKEN && omitRefresh)) {
            issued.fate = SimCc.Fate.UNREADABLE;
        }
        if (f != SimFaults.CcFault.NONE && f != SimFaults.CcFault.SLOW) {
            issued.malformed = f.name();
            what += " (200 " + f.name().toLowerCase() + ")";
        }
        return answer(a, 200, answer, what);
    }

    private HttpExchange.Response failed(SimScheduler.Actor a, String what, IOException e) throws IOException {
        sched.trace.step(sched.elapsed(), a.name, what);
        throw e;
    }

    private HttpExchange.Response answer(SimScheduler.Actor a, int status, String body, String what) {
        sched.trace.step(sched.elapsed(), a.name, what);
        return new HttpExchange.Response(status, body, null, null);
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
