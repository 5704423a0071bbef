package io.tracknow.payment.collect.live;

import io.tracknow.money.Money;
import io.tracknow.payment.collect.keys.Mode;
import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.collect.payments.CollectPayments;
import io.tracknow.web.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The payment_url of a live payment whose provider has no page of its own (a push to the payer's wallet: MTN
 * MoMo, Moov Money): it tells the payer to approve the request on their phone and shows the status. No key
 * (the unguessable id is its credential); no button: only the provider moves a live payment.
 */
@RestController
class LivePage {

    private final CollectPayments payments;

    LivePage(CollectPayments payments) {
        this.payments = payments;
    }

    @GetMapping(value = "/pay/{externalPaymentId}/wallet", produces = MediaType.TEXT_HTML_VALUE)
    Mono<String> page(@PathVariable String externalPaymentId) {
        return payments.byId(externalPaymentId)
                .filter(p -> p.mode() == Mode.LIVE)
                .switchIfEmpty(Mono.error(
                        () -> ApiProblem.notFound("payment-not-found", "no live payment " + externalPaymentId)))
                .map(LivePage::html);
    }

    private static String html(CollectPayment p) {
        String amount =
                HtmlUtils.htmlEscape(Money.of(p.amountMinor(), p.currency()).toString());
        String status = p.status().wire();
        String instructions = p.status().isFinal()
                ? "<p>This payment is " + status + ".</p>"
                : "<p>Approve the payment request of <strong>" + amount + "</strong> on your phone ("
                        + HtmlUtils.htmlEscape(p.provider()) + "), then come back to this page.</p>";
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Payment "
                + HtmlUtils.htmlEscape(p.externalPaymentId()) + "</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
                + "<h1>Payment</h1><p>Reference: " + HtmlUtils.htmlEscape(p.clientPaymentId()) + "</p>"
                + "<p>Status: <strong id=\"status\">" + status + "</strong></p>" + instructions + "</body></html>";
    }
}
