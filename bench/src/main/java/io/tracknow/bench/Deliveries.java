package io.tracknow.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Unique, correctly signed TikTok Shop deliveries for the demo merchant: the demo's seed order
 * (platform-launcher's {@code demo/tiktok-order.json}: 125.50 USD, status 111 = paid, creator
 * {@code tiktok_creator_123}, which attributes to {@code demo-influencer}) on one line, with its own
 * order id and a timestamp, signed as the demo merchant's app signs it ({@code X-TikTok-Signature} =
 * hex HMAC-SHA256 of the raw body with the app secret, the credential's {@code X_TIKTOK_SIGNATURE}
 * scheme). The gateway refuses a timestamp more than its tolerance (5 minutes) from its clock, so a
 * file is made just before it is sent.
 *
 * <p>File format, one delivery per line: {@code orderId TAB signature TAB body}; read by {@code bench/wrk/deliveries.lua}.
 */
public final class Deliveries {

    /** The demo merchant seeded by the embedded platform (ingest-gateway's DemoCredentials). */
    public static final String MERCHANT = "demo-merchant";
    /** The demo merchant's TikTok app secret (the demo credential; never a real one). */
    public static final String APP_SECRET = "demo-app-secret";
    /** The webhook route of the demo merchant; the bare endpoint answers the same path. */
    public static final String PATH = "/webhooks/tiktok/" + MERCHANT;

    private static final String TEMPLATE = oneLine(template());

    private Deliveries() {}

    /** One delivery: the order id it carries, its signature header value and its raw body. */
    public record Delivery(String orderId, String signature, String body) {

        /** The file line: {@code orderId TAB signature TAB body}. */
        String line() {
            return orderId + '\t' + signature + '\t' + body;
        }

        /** Parses a file line. */
        static Delivery parse(String line) {
            String[] parts = line.split("\t", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a delivery line (orderId TAB signature TAB body): " + line);
            }
            return new Delivery(parts[0], parts[1], parts[2]);
        }
    }

    /** The demo order's TikTok creator id, which the embedded platform links to {@code demo-influencer}. */
    public static final String DEMO_CREATOR = "tiktok_creator_123";

    /** The delivery of {@code orderId}, stamped {@code epochSeconds} and signed for the demo merchant. */
    public static Delivery of(String orderId, long epochSeconds) {
        return of(orderId, epochSeconds, DEMO_CREATOR);
    }

    /** {@link #of(String, long)} with another creator id in its {@code creator_info}. */
    public static Delivery of(String orderId, long epochSeconds, String creatorId) {
        requirePlain("an order id", orderId);
        requirePlain("a creator id", creatorId);
        String body = TEMPLATE.replace("\"${TIMESTAMP}\"", Long.toString(epochSeconds))
                .replace("${ORDER_ID}", orderId)
                .replace('"' + DEMO_CREATOR + '"', '"' + creatorId + '"');
        return new Delivery(orderId, sign(body, APP_SECRET), body);
    }

    private static void requirePlain(String what, String text) {
        if (text.isBlank() || text.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
            throw new IllegalArgumentException(what + " must be plain text without quotes: '" + text + "'");
        }
    }

    /** The order id of the {@code index}th delivery of a run: unique as long as the run id is. */
    public static String orderId(String runId, int index) {
        return orderPrefix(runId) + index;
    }

    /** What every order id of a run starts with. */
    public static String orderPrefix(String runId) {
        return "bench-" + runId + "-";
    }

    /**
     * Writes {@code count} deliveries with order ids {@code bench-<runId>-0..count-1}, all stamped
     * {@code epochSeconds}, to {@code file}.
     */
    public static void write(Path file, String runId, int count, long epochSeconds) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                out.write(of(orderId(runId, i), epochSeconds).line());
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Hex HMAC-SHA256 of the body's UTF-8 bytes with the secret. */
    static String sign(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String template() {
        try (InputStream in = Deliveries.class.getResourceAsStream("/demo/tiktok-order.json")) {
            if (in == null) {
                throw new IllegalStateException(
                        "demo/tiktok-order.json (platform-launcher's) is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo order", e);
        }
    }

    /** The pretty-printed JSON on one line: line breaks and the indentation after them go (no string holds one). */
    private static String oneLine(String json) {
        return json.strip().replaceAll("\\r?\\n\\s*", "");
    }

    /** {@code Deliveries <file> <count> <runId>}: writes a file of deliveries stamped now. */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: Deliveries <file> <count> <runId>");
            System.exit(2);
        }
        write(Path.of(args[0]), args[2], Integer.parseInt(args[1]), System.currentTimeMillis() / 1000);
    }
}
