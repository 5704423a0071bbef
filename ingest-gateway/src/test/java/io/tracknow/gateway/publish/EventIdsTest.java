package io.tracknow.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void theSameDeliveryAlwaysGetsTheSameVersion5Id() {
        String id = EventIds.forDelivery("m-1", "SHOPIFY", "event:42");

        assertThat(EventIds.forDelivery("m-1", "SHOPIFY", "event:42")).isEqualTo(id);
        assertThat(UUID.fromString(id).version()).isEqualTo(5);
        assertThat(UUID.fromString(id).variant()).isEqualTo(2);
    }

    @Test
    void anotherKeySourceOrMerchantGetsAnotherId() {
        String id = EventIds.forDelivery("m-1", "SHOPIFY", "event:42");

        assertThat(EventIds.forDelivery("m-1", "SHOPIFY", "event:43")).isNotEqualTo(id);
        assertThat(EventIds.forDelivery("m-1", "WOOCOMMERCE", "event:42")).isNotEqualTo(id);
        assertThat(EventIds.forDelivery("m-2", "SHOPIFY", "event:42")).isNotEqualTo(id);
    }

    @Test
    void partsCannotBeShiftedIntoEachOther() {
        assertThat(EventIds.forDelivery("a|b", "c", "k")).isNotEqualTo(EventIds.forDelivery("a", "b|c", "k"));
        assertThat(EventIds.forDelivery("ab", "c", "k")).isNotEqualTo(EventIds.forDelivery("a", "bc", "k"));
    }
}
