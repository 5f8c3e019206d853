package io.ccheadless.sandbox.http;

/** Wraps every routed request (fault injection lives behind this). */
@FunctionalInterface
public interface Interceptor {
    Interceptor NONE = (route, request, next) -> next.handle(request);

    Response around(Route route, Request request, Handler next);
}
