package io.tracknow.launcher;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Every route a running service answers, read from its handler mappings: annotated controllers and
 * actuator endpoints (every {@link RequestMappingInfoHandlerMapping}) and functional routes (every
 * {@link RouterFunctionMapping}). A route without a method condition answers every method; it is listed
 * as GET.
 */
record Routes(String service, List<Route> all) {

    record Route(String service, HttpMethod method, String pattern) {

        /** The pattern with each variable and wildcard filled in, so that it can be requested. */
        String samplePath() {
            return pattern.replaceAll("\\{\\*?[^}]+}", "walk-x")
                    .replace("**", "walk-x")
                    .replace("*", "walk-x");
        }

        @Override
        public String toString() {
            return service + " " + method + " " + pattern;
        }
    }

    static Routes of(String service, ApplicationContext context) {
        Set<String> seen = new TreeSet<>();
        List<Route> routes = new ArrayList<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()
                .forEach(mapping -> mapping.getHandlerMethods().keySet().forEach(info -> {
                    Set<HttpMethod> methods = info.getMethodsCondition().getMethods().stream()
                            .map(m -> HttpMethod.valueOf(m.name()))
                            .collect(java.util.stream.Collectors.toSet());
                    for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                        for (HttpMethod method : methods.isEmpty() ? Set.of(HttpMethod.GET) : methods) {
                            add(routes, seen, new Route(service, method, pattern.getPatternString()));
                        }
                    }
                }));
        context.getBeansOfType(RouterFunctionMapping.class).values().forEach(mapping -> {
            RouterFunction<?> function = mapping.getRouterFunction();
            if (function != null) {
                function.accept(new Functional(service, routes, seen));
            }
        });
        return new Routes(service, List.copyOf(routes));
    }

    private static void add(List<Route> routes, Set<String> seen, Route route) {
        if (seen.add(route.toString())) {
            routes.add(route);
        }
    }

    /** Walks functional routes: nested path prefixes, then each route's method(s) and path. */
    private static final class Functional implements RouterFunctions.Visitor {

        private final String service;
        private final List<Route> routes;
        private final Set<String> seen;
        private final Deque<String> prefixes = new ArrayDeque<>();

        Functional(String service, List<Route> routes, Set<String> seen) {
            this.service = service;
            this.routes = routes;
            this.seen = seen;
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            Collected nested = Collected.of(predicate);
            prefixes.push(nested.path == null ? "" : nested.path);
        }

        @Override
        public void endNested(RequestPredicate predicate) {
            prefixes.pop();
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            Collected route = Collected.of(predicate);
            String prefix = String.join("", prefixes.reversed());
            String path = prefix + (route.path == null ? "" : route.path);
            for (HttpMethod method : route.methods.isEmpty() ? Set.of(HttpMethod.GET) : route.methods) {
                add(routes, seen, new Route(service, method, path.isEmpty() ? "/" : path));
            }
        }

        @Override
        public void resources(
                java.util.function.Function<
                                org.springframework.web.reactive.function.server.ServerRequest,
                                reactor.core.publisher.Mono<org.springframework.core.io.Resource>>
                        lookup) {
            throw new IllegalStateException(service + " serves static resources; list them in the public routes");
        }

        @Override
        public void attributes(java.util.Map<String, Object> attributes) {}

        @Override
        public void unknown(RouterFunction<?> function) {
            throw new IllegalStateException(service + " has a route this walker cannot read: " + function);
        }
    }

    /** The method(s) and path a request predicate names (the first path, for an "or"). */
    private static final class Collected implements RequestPredicates.Visitor {

        private final Set<HttpMethod> methods = new java.util.HashSet<>();
        private String path;

        static Collected of(RequestPredicate predicate) {
            Collected collected = new Collected();
            predicate.accept(collected);
            return collected;
        }

        @Override
        public void method(Set<HttpMethod> methods) {
            this.methods.addAll(methods);
        }

        @Override
        public void path(String pattern) {
            if (path == null) {
                path = pattern;
            }
        }

        @Override
        public void pathExtension(String extension) {}

        @Override
        public void header(String name, String value) {}

        @Override
        public void queryParam(String name, String value) {}

        @Override
        public void version(String version) {}

        @Override
        public void startAnd() {}

        @Override
        public void and() {}

        @Override
        public void endAnd() {}

        @Override
        public void startOr() {}

        @Override
        public void or() {}

        @Override
        public void endOr() {}

        @Override
        public void startNegate() {}

        @Override
        public void endNegate() {}

        @Override
        public void unknown(RequestPredicate predicate) {}
    }
}
