package io.tracknow.launcher;

import io.tracknow.money.Money;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./platform demo}: posts the signed seed order to a running platform and tells, in money, what
 * each service made of it: the influencer's and the platform's commission, what the merchant keeps and
 * owes, and the influencer's notification in the app and by e-mail (the e-mail as the embedded platform's
 * mail catcher got it). It reads them as their owners would: the operator issues the
 * influencer a token (and revokes it at the end), the influencer reads their commission and notification
 * with it, the merchant its payables with its own token. Fails (exit 1) when the gateway refuses the
 * order, the token cannot be issued, or a step does not show up within 30 seconds, so a script can rely on it.
 */
final class DemoRun {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** How long {@code demo payouts} waits for each step (the end of the hold, the debit, the payout, the ledger). */
    static final Duration PAYOUT_PATIENCE = Duration.ofSeconds(60);
    /** Where the demo influencer's e-mails go (the embedded platform's mail catcher, or Mailpit in docker-compose). */
    static final String DEMO_EMAIL = "demo-influencer@example.com";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    private final Function<String, String> env;
    private final PrintStream out;

    private final Duration payoutPatience;

    DemoRun(Function<String, String> env, PrintStream out) {
        this(env, out, PAYOUT_PATIENCE);
    }

    /** @param payoutPatience how long {@code demo payouts} waits for each step (tests wait less) */
    DemoRun(Function<String, String> env, PrintStream out, Duration payoutPatience) {
        this.env = env;
        this.out = out;
        this.payoutPatience = payoutPatience;
    }

    private String operatorToken() {
        return Optional.ofNullable(env.apply("TRACKNOW_OPERATOR_TOKEN"))
                .filter(t -> !t.isBlank())
                .orElse(EmbeddedPlatform.DEMO_OPERATOR_TOKEN);
    }

    /** Runs the demo for {@code orderId}; returns the process exit code. */
    int run(String orderId) throws IOException, InterruptedException {
        String operator = operatorToken();
        giveTheInfluencerAnEmailAddress(operator);
        String gateway = url("GATEWAY_URL", 0);
        HttpResponse<String> posted = DemoWebhook.post(http, gateway, orderId, Clock.systemUTC());
        out.println("POST " + gateway + "/webhooks/tiktok/" + DemoWebhook.MERCHANT + "  (order " + orderId
                + ", 125.50 USD, creator tiktok_creator_123, signed with the demo app secret)");
        out.println("  -> " + posted.statusCode() + " " + posted.body());
        if (posted.statusCode() / 100 != 2) {
            out.println("the gateway refused the order; is the platform running (./platform start)?");
            return 1;
        }

        String tokens = url("ATTRIBUTION_URL", 1) + "/api/influencers/" + DemoWebhook.INFLUENCER + "/tokens";
        HttpResponse<String> issued = http.send(
                HttpRequest.newBuilder(URI.create(tokens))
                        .timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + operator)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        out.println();
        out.println("attribution-service  POST " + tokens + "  (operator token)");
        if (issued.statusCode() != 201) {
            out.println("  -> " + issued.statusCode() + " " + issued.body());
            return 1;
        }
        JsonNode token = JSON.readTree(issued.body());
        String influencerToken = token.path("token").asString();
        out.println("  -> 201 influencer token " + token.path("tokenId").asString() + " for " + DemoWebhook.INFLUENCER
                + " (shown once; only its SHA-256 is stored)");
        try {
            int reported = report(orderId, influencerToken);
            showTheEmail(orderId, operator);
            return reported;
        } finally {
            HttpResponse<String> revoked = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    tokens + "/" + token.path("tokenId").asString()))
                            .timeout(Duration.ofSeconds(5))
                            .header("Authorization", "Bearer " + operator)
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println();
            out.println("attribution-service  DELETE " + tokens + "/"
                    + token.path("tokenId").asString() + "  -> " + revoked.statusCode()
                    + " (revoked: every service refuses it once the revocation arrives)");
        }
    }

    /** What each service made of the order, read with the owners' own tokens. */
    private int report(String orderId, String influencerToken) throws IOException, InterruptedException {
        String commissions = url("COMMISSION_URL", 2) + "/api/influencers/" + DemoWebhook.INFLUENCER + "/commissions";
        Optional<JsonNode> commission =
                await(commissions, influencerToken, body -> find(body.path("commissions"), "\"" + orderId + "\""));
        if (commission.isEmpty()) {
            out.println("no commission for order " + orderId + " after " + PATIENCE.toSeconds() + " s: " + commissions);
            return 1;
        }
        JsonNode c = commission.get();
        String currency = c.path("currency").asString();
        out.println();
        out.println("commission-service  " + commissions + "  (the influencer's token)");
        out.printf(
                "  influencer %-16s %s %s (%s %%)%n",
                DemoWebhook.INFLUENCER,
                money(c.path("influencerMinor"), currency),
                c.path("status").asString(),
                percent(c.path("influencerRatePercent")));
        out.printf(
                "  platform                    %s (%s %%)%n",
                money(c.path("platformMinor"), currency), percent(c.path("platformRatePercent")));
        out.printf(
                "  merchant keeps              %s of %s%n",
                money(c.path("merchantNetMinor"), currency), money(c.path("saleTotalMinor"), currency));

        String payables = url("PAYMENT_URL", 3) + "/api/merchants/" + DemoWebhook.MERCHANT + "/payables";
        Optional<JsonNode> owed = await(
                payables,
                EmbeddedPlatform.DEMO_MERCHANT_TOKEN,
                body -> Optional.of(body.path("owedMinorByCurrency").path(currency))
                        .filter(JsonNode::isNumber));
        out.println();
        out.println("payment-orchestrator  " + payables + "  (the merchant's token)");
        out.println("  " + DemoWebhook.MERCHANT + " owes "
                + owed.map(o -> money(o, currency)).orElse("(nothing yet)") + " in all");

        String notifications =
                url("NOTIFICATION_URL", 4) + "/api/influencers/" + DemoWebhook.INFLUENCER + "/notifications";
        Optional<JsonNode> note = await(notifications, influencerToken, body -> find(body, " " + orderId + " "));
        out.println();
        out.println("notification-service  " + notifications + "  (the influencer's token)");
        // CLDR writes amounts with no-break spaces ("18,83 $US"); a terminal shows plain ones
        out.println("  "
                + note.map(n -> n.path("channel").asString() + ": "
                                + n.path("title")
                                        .asString()
                                        .replace('\u00a0', ' ')
                                        .replace('\u202f', ' '))
                        .orElse("(no notification for this order yet)"));
        return owed.isPresent() && note.isPresent() ? 0 : 1;
    }

    /**
     * {@code ./platform demo payouts [orderId]}: money out for the order's commission. The operator ends
     * its hold (commission-service), runs the merchant debit now (payment-orchestrator, through the
     * merchant's sandbox PayZen) and the payout run now (to the influencer's sandbox Wave wallet); each step
     * is printed with its amount once it shows, and the end is the influencer's paid-out balance and what
     * the merchant owes for the order (nothing) as commission-service's ledger has them. The order is posted
     * first when the platform has no commission for it. Exit 1 when a step does not show within 60 s or a
     * service refuses a step.
     */
    int payouts(String orderId) throws IOException, InterruptedException {
        String operator = operatorToken();
        String commissions = url("COMMISSION_URL", 2) + "/api/influencers/" + DemoWebhook.INFLUENCER + "/commissions";
        java.util.function.Function<JsonNode, Optional<JsonNode>> ofTheOrder = body -> {
            for (JsonNode c : body.path("commissions")) {
                if (orderId.equals(c.path("externalOrderId").asString())) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        };
        Optional<JsonNode> commission = await(commissions, operator, ofTheOrder, Duration.ZERO);
        if (commission.isEmpty()) {
            String gateway = url("GATEWAY_URL", 0);
            HttpResponse<String> posted;
            try {
                posted = DemoWebhook.post(http, gateway, orderId, Clock.systemUTC());
            } catch (IOException e) {
                out.println("the gateway at " + gateway + " does not answer (" + e.getMessage()
                        + "); is the platform running (./platform start)?");
                return 1;
            }
            out.println("POST " + gateway + "/webhooks/tiktok/" + DemoWebhook.MERCHANT + "  (order " + orderId
                    + " is new here: the signed seed order first)  -> " + posted.statusCode());
            if (posted.statusCode() / 100 != 2) {
                out.println("the gateway refused the order: " + posted.body()
                        + "; is the platform running (./platform start)?");
                return 1;
            }
            out.println();
            commission = await(commissions, operator, ofTheOrder, payoutPatience);
        }
        if (commission.isEmpty()) {
            return timedOut("a commission for order " + orderId, commissions);
        }
        JsonNode c = commission.get();
        String commissionId = c.path("id").asString();
        String currency = c.path("currency").asString();
        out.println("commission-service  " + commissions + "  (operator token)");
        out.println("  order " + orderId + ": commission " + commissionId + " "
                + c.path("status").asString()
                + ", influencer " + money(c.path("influencerMinor"), currency) + ", platform "
                + money(c.path("platformMinor"), currency));

        String endHold = url("COMMISSION_URL", 2) + "/api/commissions/" + commissionId + "/end-hold";
        HttpResponse<String> ended = send("POST", endHold, operator);
        out.println();
        out.println("commission-service  POST " + endHold + "  (operator token: the hold ends now)");
        if (ended.statusCode() == 200) {
            out.println("  -> 200 " + JSON.readTree(ended.body()).path("status").asString()
                    + ": validated, collectable from the merchant and payable to the influencer");
        } else if (ended.statusCode() == 409) {
            out.println("  -> 409 already past its hold (" + c.path("status").asString() + ")");
        } else {
            out.println("  -> " + ended.statusCode() + " " + ended.body());
            return 1;
        }

        String payment = url("PAYMENT_URL", 3);
        String debits = payment + "/api/merchants/" + DemoWebhook.MERCHANT + "/debits";
        Optional<JsonNode> debit = runUntilCovered(
                payment + "/api/debits/run", debits, EmbeddedPlatform.DEMO_MERCHANT_TOKEN, commissionId);
        out.println();
        out.println("payment-orchestrator  POST " + payment + "/api/debits/run  (operator token: the debit run now)");
        if (debit.isEmpty()) {
            return timedOut("a debit of " + DemoWebhook.MERCHANT + " covering commission " + commissionId, debits);
        }
        out.println("  debit sent       " + describe(debit.get()));
        Optional<JsonNode> debited = awaitSettled(debits, EmbeddedPlatform.DEMO_MERCHANT_TOKEN, debit.get());
        if (debited.isEmpty() || !status(debited.get()).equals("completed")) {
            return notSettled("debit", debited, debits);
        }
        out.println("  debit completed  " + describe(debited.get()));

        String payouts = payment + "/api/influencers/" + DemoWebhook.INFLUENCER + "/payouts";
        Optional<JsonNode> payout = runUntilCovered(payment + "/api/payouts/run", payouts, operator, commissionId);
        out.println();
        out.println("payment-orchestrator  POST " + payment + "/api/payouts/run  (operator token: the payout run now)");
        if (payout.isEmpty()) {
            return timedOut("a payout to " + DemoWebhook.INFLUENCER + " covering commission " + commissionId, payouts);
        }
        out.println("  payout sent      " + describe(payout.get()));
        Optional<JsonNode> paid = awaitSettled(payouts, operator, payout.get());
        if (paid.isEmpty() || !status(paid.get()).equals("completed")) {
            return notSettled("payout", paid, payouts);
        }
        out.println("  payout completed " + describe(paid.get()));

        // commission-service books both from payments.v1: the commission paid, the debit collected
        Optional<JsonNode> settled = await(
                commissions,
                operator,
                body -> ofTheOrder
                        .apply(body)
                        .filter(x -> x.path("status").asString().equals("PAID")),
                payoutPatience);
        if (settled.isEmpty()) {
            return timedOut("commission " + commissionId + " PAID in commission-service", commissions);
        }
        String balances = url("COMMISSION_URL", 2) + "/api/influencers/" + DemoWebhook.INFLUENCER + "/balances";
        Optional<JsonNode> balance =
                await(balances, operator, body -> find(body.path("balances"), "\"" + currency + "\""));
        String statement = url("COMMISSION_URL", 2) + "/api/merchants/" + DemoWebhook.MERCHANT + "/statement";
        String debitId = debited.get().path("id").asString();
        Optional<JsonNode> collected = await(
                statement,
                EmbeddedPlatform.DEMO_MERCHANT_TOKEN,
                body -> find(body.path("entries"), "\"" + debitId + "\""),
                payoutPatience);
        if (balance.isEmpty() || collected.isEmpty()) {
            return timedOut("the debit " + debitId + " in " + DemoWebhook.MERCHANT + "'s statement", statement);
        }
        Optional<JsonNode> merchant = await(
                url("COMMISSION_URL", 2) + "/api/merchants/" + DemoWebhook.MERCHANT + "/balance",
                EmbeddedPlatform.DEMO_MERCHANT_TOKEN,
                body -> Optional.of(body));
        out.println();
        out.println("commission-service  " + balances + "  (operator token)");
        JsonNode b = balance.get();
        out.println("  " + DemoWebhook.INFLUENCER + " paid out " + money(b.path("paidMinor"), currency) + " in all"
                + " (available " + money(b.path("availableMinor"), currency) + ", pending "
                + money(b.path("pendingMinor"), currency) + "); commission of order " + orderId + " "
                + settled.get().path("status").asString());
        long owedForOrder = Math.max(
                0,
                c.path("influencerMinor").asLong()
                        + c.path("platformMinor").asLong()
                        - debited.get().path("amountMinor").asLong());
        out.println("commission-service  " + statement + "  (the merchant's token)");
        out.println("  " + DemoWebhook.MERCHANT + " owes " + Money.of(owedForOrder, currency) + " for order " + orderId
                + " (debit " + debitId + " collected " + money(debited.get().path("amountMinor"), currency) + ")"
                + merchant.map(m ->
                                "; owes " + money(m.path("owedMinorByCurrency").path(currency), currency) + " in all")
                        .orElse(""));
        return 0;
    }

    /**
     * Runs the operator's debit or payout run until a payment covering {@code commissionId} shows in its
     * owner's list (the validation may still be on its way to payment-orchestrator); the payment, or empty
     * after the patience.
     */
    private Optional<JsonNode> runUntilCovered(String run, String list, String listToken, String commissionId)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(payoutPatience);
        while (true) {
            try {
                HttpResponse<String> ran = send("POST", run, operatorToken());
                if (ran.statusCode() != 200) {
                    out.println("  " + run + " -> " + ran.statusCode() + " " + ran.body());
                    return Optional.empty();
                }
            } catch (IOException e) {
                // not answering yet; try again until the deadline
            }
            Optional<JsonNode> covering =
                    await(list, listToken, body -> find(body, "\"" + commissionId + "\""), Duration.ZERO);
            if (covering.isPresent() || Instant.now().isAfter(deadline)) {
                return covering;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    /** The payment once it left pending and processing (completed, failed, review), or empty after the patience. */
    private Optional<JsonNode> awaitSettled(String list, String token, JsonNode payment) throws InterruptedException {
        String id = payment.path("id").asString();
        return await(
                list,
                token,
                body -> find(body, "\"" + id + "\"")
                        .filter(p -> !Set.of("pending", "processing").contains(status(p))),
                payoutPatience);
    }

    private static String status(JsonNode payment) {
        return payment.path("status").asString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(JsonNode payment) {
        String currency = payment.path("currency").asString();
        String fees =
                payment.path("feesMinor").asLong() > 0 ? ", fees " + money(payment.path("feesMinor"), currency) : "";
        return money(payment.path("amountMinor"), currency) + " through "
                + payment.path("gateway").asString() + " (" + status(payment) + fees + ", payment "
                + payment.path("id").asString() + ")";
    }

    private int notSettled(String what, Optional<JsonNode> payment, String list) {
        if (payment.isEmpty()) {
            return timedOut("the " + what + "'s completion", list);
        }
        out.println("  " + what + " " + status(payment.get()) + ": "
                + payment.get().path("failureReason").asString("") + "  (" + list + ")");
        return 1;
    }

    private int timedOut(String what, String where) {
        out.println(what + " did not show within " + payoutPatience.toSeconds() + " s: " + where);
        return 1;
    }

    private HttpResponse<String> send(String method, String url, String token)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * notification-service knows no influencer's e-mail address until the operator or the influencer
     * sets it (attribution keeps only a hash): the demo sets one, so that its notifications are also mailed.
     */
    private void giveTheInfluencerAnEmailAddress(String operator) throws InterruptedException {
        String contact = url("NOTIFICATION_URL", 4) + "/api/influencers/" + DemoWebhook.INFLUENCER + "/contact";
        try {
            HttpResponse<String> set = http.send(
                    HttpRequest.newBuilder(URI.create(contact))
                            .timeout(Duration.ofSeconds(5))
                            .header("Authorization", "Bearer " + operator)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    "{\"email\":\"" + DEMO_EMAIL + "\",\"locale\":\"fr\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println("notification-service  PUT " + contact + "  (operator token: e-mail " + DEMO_EMAIL
                    + ", French)  -> " + set.statusCode());
        } catch (IOException e) {
            out.println("notification-service  PUT " + contact + "  -> not answering (" + e.getMessage() + ")");
        }
        out.println();
    }

    /** The e-mail the embedded platform's mail catcher got for this order, if there is a catcher (docker-compose: Mailpit). */
    private void showTheEmail(String orderId, String operator) throws InterruptedException {
        Optional<String> catcher = MailCatcher.find(env);
        if (catcher.isEmpty()) {
            out.println();
            out.println(
                    "mail catcher  (none found; with docker-compose, Mailpit shows the e-mail at http://localhost:8025)");
            return;
        }
        String messages = catcher.get();
        Optional<JsonNode> mail = await(
                messages,
                operator,
                body -> {
                    JsonNode found = null;
                    for (JsonNode message : body) {
                        if (message.path("text").asString().contains(" " + orderId + " ")
                                && message.path("to").toString().contains(DEMO_EMAIL)) {
                            found = message;
                        }
                    }
                    return Optional.ofNullable(found);
                },
                Duration.ofSeconds(15));
        out.println();
        out.println("mail catcher  " + messages + "  (operator token)");
        out.println(mail.map(m -> "  To: " + m.path("to").get(0).asString() + "\n  Subject: "
                        + plain(m.path("subject").asString()) + "\n"
                        + indent(plain(m.path("text").asString())))
                .orElse("  (no e-mail caught here; with docker-compose, Mailpit shows it at http://localhost:8025)"));
    }

    private static String plain(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ').strip();
    }

    private static String indent(String text) {
        return "    " + text.replace("\r\n", "\n").replace("\n", "\n    ");
    }

    /** The first element of an array whose JSON mentions {@code needle}. */
    private static Optional<JsonNode> find(JsonNode array, String needle) {
        for (JsonNode element : array) {
            if (element.toString().contains(needle)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    /** Polls {@code url} with the bearer token until the probe finds something (a new token may take a moment to reach a service). */
    private Optional<JsonNode> await(String url, String token, Function<JsonNode, Optional<JsonNode>> probe)
            throws InterruptedException {
        return await(url, token, probe, PATIENCE);
    }

    private Optional<JsonNode> await(
            String url, String token, Function<JsonNode, Optional<JsonNode>> probe, Duration patience)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    Optional<JsonNode> found = probe.apply(JSON.readTree(response.body()));
                    if (found.isPresent()) {
                        return found;
                    }
                }
            } catch (IOException e) {
                // not answering yet; try again until the deadline
            }
            if (Instant.now().isAfter(deadline)) {
                return Optional.empty();
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private static String percent(JsonNode rate) {
        return rate.isNumber() ? rate.decimalValue().stripTrailingZeros().toPlainString() : rate.asString();
    }

    private static String money(JsonNode minor, String currency) {
        return Money.of(minor.asLong(), currency).toString();
    }

    /** A service's base URL: the variable if set, else 127.0.0.1 at TRACKNOW_PORT_BASE + offset. */
    private String url(String variable, int offset) {
        String explicit = env.apply(variable);
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        return "http://127.0.0.1:" + (PlatformLauncher.portBase(env) + offset);
    }
}
