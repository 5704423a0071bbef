package io.tracknow.web.auth;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** A handler parameter of type {@link Caller} receives the caller {@link BearerFilter} authenticated. */
public class CallerArgument implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Mono<Object> resolveArgument(
            MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null) {
            // a public path whose handler asks for a caller: a configuration mistake, refuse rather than guess
            return Mono.error(BearerAuth.unauthorized("this route needs a bearer token", null));
        }
        return Mono.just(caller);
    }
}
