package io.tracknow.notification.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionAdjusted;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionPaidOut;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.events.sales.AttributionRule;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.events.sales.SaleUnattributed;
import io.tracknow.notification.contacts.NotificationType;
import io.tracknow.notification.dispatch.Cause;
import io.tracknow.notification.templates.MessageRenderer;
import io.tracknow.notification.templates.Rendered;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Every message an influencer can get, from the event that causes it, in French and in English, with
 * amounts written for the reader (CLDR's no-break spaces shown as plain spaces here).
 */
@ExtendWith(OutputCaptureExtension.class)
class MessagesTest {

    private static final ZoneId ZONE = ZoneId.of("Africa/Casablanca");
    private final MessageRenderer renderer =
            new MessageRenderer(new DefaultResourceLoader(), "classpath:/notifications/templates/");

    private Rendered render(Cause cause, String locale) {
        Rendered rendered = renderer.render(cause.type().templateName(), locale, ZONE, cause.facts());
        return new Rendered(rendered.language(), plain(rendered.title()), plain(rendered.body()));
    }

    private static String plain(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    @Test
    void aNewSaleWithTheCommissionItEarns() {
        SaleEvent sale = sale(new SaleAttributed("inf-1", AttributionRule.CREATOR_ID, "creator", null));
        CommissionEvent accrual = commission(
                new CommissionAccrued(12550L, "15", "5", 1883L, 628L, 10039L, Instant.parse("2026-12-16T10:00:00Z")));
        Cause cause = Triggers.of(sale, Triggers.Earned.of(accrual, (CommissionAccrued) accrual.getEvent()))
                .orElseThrow();
        assertThat(cause.type()).isEqualTo(NotificationType.SALE_ATTRIBUTED);
        assertThat(cause.causeEventId()).isEqualTo(sale.getEventId());
        assertThat(render(cause, "fr").title()).isEqualTo("Nouvelle vente : 125,50 $US, vous gagnez 18,83 $US");
        assertThat(render(cause, "fr").body())
                .isEqualTo("Une vente de 125,50 $US (commande 987654321, demo-merchant) vous est attribuée."
                        + " Elle vous rapporte 18,83 $US (15 % de 125,50 $US), en attente jusqu'au 16 décembre 2026.");
        assertThat(render(cause, "en").title()).isEqualTo("New sale: $125.50, you earn $18.83");
        assertThat(render(cause, "en").body())
                .isEqualTo("A sale of $125.50 (order 987654321, demo-merchant) was attributed to you."
                        + " It earns you $18.83 (15 % of $125.50), pending until December 16, 2026.");
    }

    @Test
    void aNewSaleWithoutACommissionSaysNoneIsRecordedYet() {
        Cause cause = Triggers.of(sale(new SaleAttributed("inf-1", AttributionRule.CREATOR_ID, "creator", null)), null)
                .orElseThrow();
        assertThat(render(cause, "fr").title()).isEqualTo("Nouvelle vente : 125,50 $US");
        assertThat(render(cause, "fr").body())
                .isEqualTo(
                        "Une vente de 125,50 $US (commande 987654321, demo-merchant) vous est attribuée."
                                + " Aucune commission n'est encore enregistrée pour elle : si elle en rapporte une, vous en serez informé.");
        assertThat(render(cause, "en").title()).isEqualTo("New sale: $125.50");
        assertThat(render(cause, "en").body())
                .isEqualTo("A sale of $125.50 (order 987654321, demo-merchant) was attributed to you."
                        + " No commission has been recorded for it yet: if it earns one, you will be told.");
    }

    @Test
    void noMessageForAnUnattributedSaleOrOneFlaggedAsFraud() {
        assertThat(Triggers.of(sale(new SaleUnattributed("no hint")), null)).isEmpty();
        assertThat(Triggers.of(
                        sale(new SaleAttributed("inf-1", AttributionRule.PROMO_CODE, "X", "self-purchase")), null))
                .isEmpty();
    }

    @Test
    void aCommissionEarned() {
        Cause cause = Triggers.of(commission(new CommissionAccrued(
                        12550L, "15", "5", 1883L, 628L, 10039L, Instant.parse("2026-12-16T10:00:00Z"))))
                .orElseThrow();
        assertThat(render(cause, "fr").title()).isEqualTo("Vous avez gagné 18,83 $US");
        assertThat(render(cause, "fr").body())
                .isEqualTo(
                        "La commande 987654321 vous rapporte 18,83 $US (15 % de 125,50 $US)."
                                + " Cette commission est en attente jusqu'au 16 décembre 2026, puis elle sera incluse dans le prochain paiement.");
        assertThat(render(cause, "en").title()).isEqualTo("You earned $18.83");
        assertThat(render(cause, "en").body())
                .isEqualTo("Order 987654321 earned you $18.83 (15 % of $125.50)."
                        + " It is pending until December 16, 2026, then becomes available for the next payout.");
    }

    @Test
    void aDecimalRateIsWrittenTheReadersWay() {
        Cause cause = Triggers.of(commission(new CommissionAccrued(
                        10000L, "12.5", "5", 1250L, 500L, 8250L, Instant.parse("2026-12-16T10:00:00Z"))))
                .orElseThrow();
        assertThat(render(cause, "fr").body()).contains("(12,5 % de 100,00 $US)");
        assertThat(render(cause, "en").body()).contains("(12.5 % of $100.00)");
    }

    @Test
    void aCommissionValidated() {
        Cause cause = Triggers.of(commission(new CommissionValidated(1883L))).orElseThrow();
        assertThat(render(cause, "fr").title()).isEqualTo("18,83 $US disponibles");
        assertThat(render(cause, "en").title()).isEqualTo("$18.83 is now available");
        assertThat(render(cause, "en").body()).contains("order 987654321", "next payout");
    }

    @Test
    void aCommissionTakenBackSaysWhy() {
        Map<ReversalReason, List<String>> why = Map.of(
                ReversalReason.CANCELLED, List.of("a été annulée", "was cancelled"),
                ReversalReason.REFUNDED, List.of("a été remboursée", "was refunded"),
                ReversalReason.PARTLY_REFUNDED, List.of("a été partiellement remboursée", "was partly refunded"),
                ReversalReason.UNKNOWN, List.of("a été modifiée", "was changed"));
        why.forEach((reason, words) -> {
            Cause cause = Triggers.of(commission(new CommissionReversed(942L, 314L, reason)))
                    .orElseThrow();
            assertThat(cause.type()).isEqualTo(NotificationType.COMMISSION_REVERSED);
            assertThat(render(cause, "fr").title()).isEqualTo("9,42 $US retirés de vos commissions");
            assertThat(render(cause, "fr").body()).contains("La commande 987654321 " + words.get(0) + " : 9,42 $US");
            assertThat(render(cause, "en").title()).isEqualTo("$9.42 taken back");
            assertThat(render(cause, "en").body()).contains("Order 987654321 " + words.get(1) + ", so $9.42");
        });
    }

    @Test
    void aClawbackIsItsOwnMessage() {
        Cause cause = Triggers.of(commission(new CommissionReversed(1883L, 628L, ReversalReason.CLAWBACK)))
                .orElseThrow();
        assertThat(cause.type()).isEqualTo(NotificationType.COMMISSION_CLAWBACK);
        assertThat(render(cause, "fr").title()).isEqualTo("18,83 $US à récupérer sur vos prochaines commissions");
        assertThat(render(cause, "en").title()).isEqualTo("$18.83 to be recovered from your next commissions");
        assertThat(render(cause, "en").body()).contains("refunded after your commission was paid out");
    }

    @Test
    void aCommissionPaidOut() {
        Cause cause =
                Triggers.of(commission(new CommissionPaidOut(1883L, "pay-7"))).orElseThrow();
        assertThat(render(cause, "fr").title()).isEqualTo("18,83 $US versés");
        assertThat(render(cause, "fr").body())
                .isEqualTo("18,83 $US pour la commande 987654321 vous ont été versés (paiement pay-7).");
        assertThat(render(cause, "en").body()).isEqualTo("$18.83 for order 987654321 was paid out (payment pay-7).");
    }

    @Test
    void anAdjustmentIsNotNotified() {
        assertThat(Triggers.of(commission(new CommissionAdjusted(100L, 0L, "correction"))))
                .isEmpty();
    }

    @Test
    void aPayoutSentCompletedAndFailed() {
        Cause sent = Triggers.of(payout(PaymentStatus.INITIATED, null)).orElseThrow();
        assertThat(render(sent, "fr").title()).isEqualTo("Paiement de 15 000 F CFA en cours");
        assertThat(render(sent, "en").title()).isEqualTo("Payout of F CFA 15,000 on its way");
        assertThat(render(sent, "en").body()).contains("through wave (payment pay-9)");

        Cause completed = Triggers.of(payout(PaymentStatus.SUCCEEDED, null)).orElseThrow();
        assertThat(render(completed, "fr").title()).isEqualTo("Paiement de 15 000 F CFA reçu");
        assertThat(render(completed, "en").title()).isEqualTo("Payout of F CFA 15,000 completed");
        assertThat(render(completed, "en").body()).contains("reference wave-ref-1");

        Cause failed =
                Triggers.of(payout(PaymentStatus.FAILED, "wallet closed")).orElseThrow();
        assertThat(failed.type()).isEqualTo(NotificationType.PAYOUT_FAILED);
        assertThat(render(failed, "fr").title()).isEqualTo("Échec du paiement de 15 000 F CFA");
        assertThat(render(failed, "fr").body()).contains("a échoué (wallet closed)");
        assertThat(render(failed, "en").body()).contains("failed (wallet closed)");
    }

    @Test
    void aPayoutSkippedForWantOfAnAccount() {
        Cause skipped =
                Triggers.of(payout(PaymentStatus.FAILED, "no-payout-account")).orElseThrow();
        assertThat(skipped.type()).isEqualTo(NotificationType.PAYOUT_SKIPPED);
        assertThat(render(skipped, "fr").title()).isEqualTo("Ajoutez un compte de paiement pour recevoir 15 000 F CFA");
        assertThat(render(skipped, "en").title()).isEqualTo("Add a payout account to receive F CFA 15,000");
        assertThat(Triggers.of(payout(PaymentStatus.CANCELLED, "NO_PAYOUT_ACCOUNT"))
                        .orElseThrow()
                        .type())
                .isEqualTo(NotificationType.PAYOUT_SKIPPED);
        // what payment-orchestrator publishes (PayoutRun.skip): SKIPPED, "no payout account in <currency>"
        Cause skippedByTheRun = Triggers.of(payout(PaymentStatus.SKIPPED, Triggers.NO_PAYOUT_ACCOUNT + " in XOF"))
                .orElseThrow();
        assertThat(skippedByTheRun.type()).isEqualTo(NotificationType.PAYOUT_SKIPPED);
        assertThat(render(skippedByTheRun, "fr").body())
                .isEqualTo("Nous n'avons pas pu vous verser 15 000 F CFA : aucun compte de paiement n'est enregistré."
                        + " Ajoutez-en un pour que ce montant parte au prochain paiement.");
        assertThat(render(skippedByTheRun, "en").body()).startsWith("We could not pay you F CFA 15,000");
        assertThat(Triggers.of(payout(PaymentStatus.SKIPPED, "held by an operator")))
                .as("a skip for another reason has no message of its own")
                .isEmpty();
    }

    @Test
    void merchantDebitsAndIntermediateStatesAreNotNotified() {
        assertThat(Triggers.of(payout(PaymentStatus.PENDING, null))).isEmpty();
        PaymentEvent debit = PaymentEvent.newBuilder(payout(PaymentStatus.SUCCEEDED, null))
                .setKind(PaymentKind.MERCHANT_DEBIT)
                .setInfluencerId(null)
                .setMerchantId("m-1")
                .build();
        assertThat(Triggers.of(debit)).isEmpty();
    }

    @Test
    void webhookDisabledAndTheDigestHaveTheirTemplatesInBothLanguages() {
        Map<String, Object> facts = Map.of("url", "https://example.org/hook", "failures", 15, "reason", "HTTP 500");
        Rendered fr = renderer.render("webhook-disabled", "fr", ZONE, facts);
        Rendered en = renderer.render("webhook-disabled", "en", ZONE, facts);
        assertThat(fr.title()).isEqualTo("Votre webhook a été désactivé");
        assertThat(fr.body()).contains("Après 15 échecs consécutifs", "https://example.org/hook", "HTTP 500");
        assertThat(en.body()).contains("After 15 failed deliveries in a row", "HTTP 500");
    }

    @Test
    void aLanguageWeDoNotWriteFallsBackToFrenchAndSaysSo(CapturedOutput output) {
        Cause cause = Triggers.of(commission(new CommissionValidated(1883L))).orElseThrow();
        Rendered spanish = render(cause, "es-ES");
        assertThat(spanish.language()).isEqualTo("fr");
        assertThat(spanish.title()).isEqualTo("18,83 $US disponibles");
        assertThat(output.getAll()).contains("no templates in language 'es'");
    }

    @Test
    void aFileMissingInOneLanguageFallsBackToFrenchAndSaysSo(CapturedOutput output) {
        MessageRenderer partial = new MessageRenderer(new DefaultResourceLoader(), "classpath:/test-templates/");
        Rendered rendered = partial.render("greeting", "en", ZONE, Map.of("name", "Awa"));
        assertThat(rendered.title()).isEqualTo("Hello Awa");
        assertThat(rendered.body()).isEqualTo("Corps en français pour Awa");
        assertThat(output.getAll()).contains("template greeting.body is missing in 'en', using French");
    }

    @Test
    void theEmailHasATextAndAnHtmlPartOfTheSameMessageWithTheHtmlEscaped() {
        var email = renderer.email("en", "You earned $18.83", "Order <b>1</b> earned you $18.83.\n\nSecond paragraph.");
        assertThat(email.subject()).isEqualTo("You earned $18.83");
        assertThat(email.text()).startsWith("You earned $18.83").contains("Order <b>1</b> earned you $18.83.");
        assertThat(email.html())
                .contains("<h1 style=\"font-size: 20px;\">You earned $18.83</h1>")
                .contains("Order &lt;b&gt;1&lt;/b&gt;")
                .contains(">Second paragraph.</p>")
                .contains("lang=\"en\"");
        assertThat(renderer.email("fr", "t", "b").html())
                .contains("lang=\"fr\"")
                .contains("préférences");
    }

    private static SaleEvent sale(Object kind) {
        return SaleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2026-12-02T10:00:00Z"))
                .setOrderEventId(UUID.randomUUID().toString())
                .setMerchantId("demo-merchant")
                .setSource(OrderSource.TIKTOK_SHOP)
                .setExternalOrderId("987654321")
                .setStatus(OrderStatus.values()[1])
                .setTotalMinor(12550)
                .setCurrency("USD")
                .setEvent(kind)
                .build();
    }

    private static CommissionEvent commission(Object kind) {
        return CommissionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2026-12-02T10:00:00Z"))
                .setCommissionId("c-1")
                .setInfluencerId("inf-1")
                .setMerchantId("demo-merchant")
                .setSource(OrderSource.TIKTOK_SHOP)
                .setExternalOrderId("987654321")
                .setCurrency("USD")
                .setEvent(kind)
                .build();
    }

    private static PaymentEvent payout(PaymentStatus status, String failureReason) {
        return PaymentEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2026-12-04T10:00:00Z"))
                .setPaymentId("pay-9")
                .setKind(PaymentKind.INFLUENCER_PAYOUT)
                .setStatus(status)
                .setInfluencerId("inf-1")
                .setAmountMinor(15000)
                .setCurrency("XOF")
                .setGateway("wave")
                .setExternalReference("wave-ref-1")
                .setFailureReason(failureReason)
                .setCommissionIds(List.of("c-1", "c-2"))
                .build();
    }
}
