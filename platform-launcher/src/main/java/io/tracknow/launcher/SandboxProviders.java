package io.tracknow.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded platform's payment providers: an in-process HTTP server (loopback, a free port) answering
 * in the shapes of the real APIs payment-orchestrator's connectors speak (docs/payment-orchestrator.md,
 * "Connectors"), so that money goes out with no real provider:
 * <ul>
 *   <li>PayZen under {@code /payzen}: {@code POST /Charge/CreatePayment} (Basic auth) answers
 *       {@code {"status": "SUCCESS", "answer": {"formToken", "orderId"}}}; the sandbox's shopper pays at once,
 *       so {@code POST /Order/Get} then answers {@code orderStatus} PAID with the order's amount and currency
 *       ({@code ERROR} for an order it never saw).</li>
 *   <li>Wave under {@code /wave}: {@code POST /v1/payout} (Bearer) answers the payout {@code succeeded}, fee 0,
 *       with the amount and currency asked; {@code GET /v1/payout/{id}} the same (404 for an unknown id).</li>
 * </ul>
 * A request without credentials is refused 401, as the real ones do. Nothing is kept across restarts.
 */
public final class SandboxProviders implements AutoCloseable {

    /** The platform's own Wave key for payouts in the sandbox (any non-blank key is accepted). */
    static final String WAVE_KEY = "sandbox-wave-key";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer http;
    private final Map<String, JsonNode> payzenOrders = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> wavePayouts = new ConcurrentHashMap<>();

    private SandboxProviders(HttpServer http) {
        this.http = http;
    }

    /** Listens on a free loopback port. */
    public static SandboxProviders start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SandboxProviders sandbox = new SandboxProviders(http);
            http.createContext("/payzen/", sandbox::payzen);
            http.createContext("/wave/", sandbox::wave);
            http.start();
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sandbox providers' port", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /**
     * What payment-orchestrator needs to use the sandbox: PayZen's and Wave's base URLs, the platform's
     * Wave key for payouts, the demo set-ups seeded ({@code demo-sandbox}), and a janitor that asks about
     * open payments every second (the sandbox sends no callbacks: the status API is how a debit completes).
     */
    public Map<String, String> serviceProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tracknow.payment.demo-sandbox", "true");
        properties.put("tracknow.payment.providers[payzen]", url() + "/payzen");
        properties.put("tracknow.payment.providers[wave]", url() + "/wave");
        properties.put("tracknow.payment.payouts.credentials.wave.wave_api_key", WAVE_KEY);
        properties.put("tracknow.payment.janitor.interval", "1s");
        properties.put("tracknow.payment.janitor.stale-after", "1s");
        return properties;
    }

    private void payzen(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Basic ")) {
                answer(exchange, 401, Map.of("status", "ERROR", "answer", error("INT_905", "authentication failed")));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String orderId = body.path("orderId").asString("");
            if ("POST".equals(exchange.getRequestMethod()) && path.equals("/payzen/Charge/CreatePayment")) {
                if (orderId.isEmpty() || !body.path("amount").isIntegralNumber()) {
                    answer(exchange, 200, Map.of("status", "ERROR", "answer", error("INT_009", "invalid amount")));
                    return;
                }
                payzenOrders.putIfAbsent(orderId, body);
                answer(
                        exchange,
                        200,
                        Map.of(
                                "status",
                                "SUCCESS",
                                "answer",
                                Map.of("formToken", "sandbox-" + UUID.randomUUID(), "orderId", orderId)));
            } else if ("POST".equals(exchange.getRequestMethod()) && path.equals("/payzen/Order/Get")) {
                JsonNode order = payzenOrders.get(orderId);
                if (order == null) {
                    answer(exchange, 200, Map.of("status", "ERROR", "answer", error("PSP_010", "unknown order")));
                    return;
                }
                answer(
                        exchange,
                        200,
                        Map.of(
                                "status",
                                "SUCCESS",
                                "answer",
                                Map.of(
                                        "orderStatus",
                                        "PAID",
                                        "orderDetails",
                                        Map.of(
                                                "orderId", orderId,
                                                "orderTotalAmount",
                                                        order.path("amount").asLong(),
                                                "orderCurrency",
                                                        order.path("currency").asString()))));
            } else {
                answer(exchange, 404, Map.of("status", "ERROR", "answer", error("INT_000", "no such endpoint")));
            }
        }
    }

    private void wave(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= "Bearer ".length()) {
                answer(exchange, 401, Map.of("code", "missing-auth-header", "message", "no API key"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod()) && path.equals("/wave/v1/payout")) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String reference = body.path("client_reference").asString("");
                Map<String, Object> payout = wavePayouts.computeIfAbsent(reference, r -> {
                    Map<String, Object> created = new LinkedHashMap<>();
                    created.put("id", "pt-" + UUID.randomUUID());
                    created.put("currency", body.path("currency").asString());
                    created.put("receive_amount", body.path("receive_amount").asString());
                    created.put("fee", "0");
                    created.put("mobile", body.path("mobile").asString());
                    created.put("name", body.path("name").asString());
                    created.put("client_reference", r);
                    created.put("status", "succeeded");
                    return created;
                });
                answer(exchange, 200, payout);
            } else if ("GET".equals(exchange.getRequestMethod()) && path.startsWith("/wave/v1/payout/")) {
                String id = path.substring("/wave/v1/payout/".length());
                wavePayouts.values().stream()
                        .filter(p -> p.get("id").equals(id))
                        .findFirst()
                        .ifPresentOrElse(
                                p -> quietly(() -> answer(exchange, 200, p)),
                                () -> quietly(() -> answer(
                                        exchange, 404, Map.of("code", "not-found", "message", "no payout " + id))));
            } else {
                answer(exchange, 404, Map.of("code", "not-found", "message", "no such endpoint"));
            }
        }
    }

    private static Map<String, String> error(String code, String message) {
        return Map.of("errorCode", code, "errorMessage", message);
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void quietly(Io work) {
        try {
            work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
