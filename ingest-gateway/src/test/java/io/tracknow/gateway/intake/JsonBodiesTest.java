package io.tracknow.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How every route reads its JSON: strictly, exactly, and by type. */
class JsonBodiesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void refusesAKeyRepeatedInOneObjectAtAnyDepth() {
        assertThatThrownBy(() -> read("{\"total_price\":\"1.00\",\"total_price\":\"125.50\"}"))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("total_price");
        assertThatThrownBy(() -> read("{\"data\": {\"payment\": {\"total_amount\": 1, \"total_amount\": 2}}}"))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("total_amount");
        assertThat(read("{\"a\": {\"id\": 1}, \"b\": {\"id\": 2}}")
                        .path("b")
                        .path("id")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void readsDecimalsExactlyRatherThanAsDoubles() {
        JsonNode price = read("{\"price\": 0.1, \"big\": 92233720368547758.07}");
        assertThat(price.path("price").decimalValue()).isEqualByComparingTo(new BigDecimal("0.1"));
        assertThat(price.path("big").decimalValue()).isEqualByComparingTo(new BigDecimal("92233720368547758.07"));
        assertThat(Amounts.roundedMinor(price.path("big"), "USD", "big")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(
                        () -> Amounts.roundedMinor(read("{\"p\": 1e999999999}").path("p"), "USD", "p"))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void refusesAPresentFieldOfTheWrongTypeAndReadsAnAbsentOneAsAbsent() {
        JsonNode order = read("{\"line_items\": \"text\", \"customer\": [1], \"note\": {\"a\": 1}, \"quantity\": 1.5,"
                + " \"lines\": [{\"a\": 1}, \"text\"], \"nothing\": null}");
        assertThatThrownBy(() -> JsonBodies.objects(order, "line_items"))
                .hasMessage("line_items must be an array, not a string");
        assertThatThrownBy(() -> JsonBodies.optionalObject(order, "customer"))
                .hasMessage("customer must be an object, not an array");
        assertThatThrownBy(() -> JsonBodies.optionalText(order, "note"))
                .hasMessage("note must be a text value, not an object");
        assertThatThrownBy(() -> JsonBodies.optionalInt(order, "quantity", 1))
                .hasMessage("quantity must be a whole number, not a number");
        assertThatThrownBy(() -> JsonBodies.objects(order, "lines"))
                .hasMessage("lines[1] must be an object, not a string");
        assertThat(JsonBodies.objects(order, "absent")).isEmpty();
        assertThat(JsonBodies.objects(order, "nothing")).isEmpty();
        assertThat(JsonBodies.optionalText(JsonBodies.optionalObject(order, "absent"), "email"))
                .isNull();
        assertThat(JsonBodies.optionalInt(order, "absent", 1)).isEqualTo(1);
    }

    @Test
    void takesWholeNumbersOnlyWhenTheyFitALong() {
        JsonNode body = read(
                "{\"max\": 9223372036854775807, \"over\": 9223372036854775808, \"text\": \"12\", \"whole\": 12.0}");
        assertThat(JsonBodies.wholeNumber(body, "max")).isEqualTo(Long.MAX_VALUE);
        assertThat(JsonBodies.wholeNumber(body, "whole")).isEqualTo(12);
        assertThatThrownBy(() -> JsonBodies.wholeNumber(body, "over")).isInstanceOf(InvalidWebhookException.class);
        assertThatThrownBy(() -> JsonBodies.wholeNumber(body, "text"))
                .hasMessage("text must be a whole number, not a string");
        assertThatThrownBy(() -> JsonBodies.wholeNumber(body, "absent")).hasMessage("missing required field absent");
    }

    private static JsonNode read(String json) {
        return JsonBodies.object(JSON, json.getBytes(StandardCharsets.UTF_8));
    }
}
