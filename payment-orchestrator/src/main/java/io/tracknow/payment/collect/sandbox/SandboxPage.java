package io.tracknow.payment.collect.sandbox;

import io.tracknow.money.Money;
import io.tracknow.payment.collect.keys.Mode;
import io.tracknow.payment.collect.payments.Change;
import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.collect.payments.CollectPayments;
import io.tracknow.payment.collect.payments.PaymentStatus;
import io.tracknow.payment.collect.payments.QrCodes;
import io.tracknow.payment.collect.payments.Transitions;
import io.tracknow.web.ApiProblem;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The sandbox's {@code payment_url}: a page the payer opens (no API key: the unguessable payment id is the
 * credential, as with a provider's checkout page) showing the amount, the QR code of the page and two buttons,
 * "pay" and "cancel", which complete or cancel the payment as a provider would. Live payments are not here.
 */
@RestController
class SandboxPage {

    private final CollectPayments payments;
    private final Transitions transitions;

    SandboxPage(CollectPayments payments, Transitions transitions) {
        this.payments = payments;
        this.transitions = transitions;
    }

    @GetMapping(value = "/pay/{externalPaymentId}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<String> page(@PathVariable String externalPaymentId) {
        return sandboxPayment(externalPaymentId).map(SandboxPage::html);
    }

    @PostMapping("/pay/{externalPaymentId}/pay")
    Mono<ResponseEntity<Void>> pay(@PathVariable String externalPaymentId) {
        return act(externalPaymentId, SandboxCollector.completed("payer"));
    }

    @PostMapping("/pay/{externalPaymentId}/cancel")
    Mono<ResponseEntity<Void>> cancel(@PathVariable String externalPaymentId) {
        return act(externalPaymentId, Change.to(PaymentStatus.CANCELLED, "cancelled by the payer", "payer"));
    }

    /** Makes the change (a final payment stays as it is) and shows the page again (303, post/redirect/get). */
    private Mono<ResponseEntity<Void>> act(String externalPaymentId, Change change) {
        return sandboxPayment(externalPaymentId)
                .flatMap(p -> transitions.change(p.externalPaymentId(), change))
                .map(p -> ResponseEntity.status(HttpStatus.SEE_OTHER)
                        .location(URI.create("/pay/" + p.externalPaymentId()))
                        .build());
    }

    private Mono<CollectPayment> sandboxPayment(String externalPaymentId) {
        return payments.byId(externalPaymentId)
                .filter(p -> p.mode() == Mode.SANDBOX)
                .switchIfEmpty(Mono.error(
                        () -> ApiProblem.notFound("payment-not-found", "no sandbox payment " + externalPaymentId)));
    }

    private static String html(CollectPayment p) {
        String id = HtmlUtils.htmlEscape(p.externalPaymentId());
        String amount =
                HtmlUtils.htmlEscape(Money.of(p.amountMinor(), p.currency()).toString());
        String reference = HtmlUtils.htmlEscape(p.clientPaymentId());
        String status = p.status().wire();
        String qr = QrCodes.pngDataUri(pageUrl(p));
        String actions = p.status().isFinal()
                ? "<p>This payment is " + status + ".</p>"
                : "<form method=\"post\" action=\"/pay/" + id + "/pay\"><button type=\"submit\">Pay " + amount
                        + "</button></form>" + "<form method=\"post\" action=\"/pay/" + id
                        + "/cancel\"><button type=\"submit\">Cancel</button></form>";
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox payment " + id
                + "</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
                + "<h1>Sandbox payment</h1><p>No real money moves here.</p>"
                + "<p>Amount: <strong>" + amount + "</strong> (" + HtmlUtils.htmlEscape(p.paymentMethod()) + ")</p>"
                + "<p>Reference: " + reference + "</p><p>Status: <strong id=\"status\">" + status + "</strong></p>"
                + "<img alt=\"QR code of this page\" src=\"" + qr + "\" width=\"240\" height=\"240\">"
                + actions + "</body></html>";
    }

    /** The QR code shows the payment URL the client was given, which is this page. */
    private static String pageUrl(CollectPayment p) {
        try {
            return new tools.jackson.databind.json.JsonMapper()
                    .readTree(p.initiateResponse())
                    .path("payment_url")
                    .asString();
        } catch (RuntimeException e) {
            return "/pay/" + p.externalPaymentId();
        }
    }
}
