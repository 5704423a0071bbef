package io.tracknow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.events.clicks.LinkClicked;
import io.tracknow.events.common.OrderSource;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.sales.SaleEvent;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void anOrderAndTheSaleAttributionMadeOfItShareOneKeySoTheyStayInOnePartition() {
        OrderReported order = new OrderReported();
        order.setMerchantId("m-1");
        order.setSource(OrderSource.SHOPIFY);
        order.setExternalOrderId("1001");
        SaleEvent sale = new SaleEvent();
        sale.setMerchantId("m-1");
        sale.setSource(OrderSource.SHOPIFY);
        sale.setExternalOrderId("1001");

        assertThat(Topics.ORDERS.keyOf(order)).isEqualTo("m-1|SHOPIFY|1001");
        assertThat(Topics.SALES.keyOf(sale)).isEqualTo(Topics.ORDERS.keyOf(order));
    }

    @Test
    void aValueWithoutTheFieldsOfItsKeyIsRefused() {
        assertThatThrownBy(() -> Topics.CLICKS.keyOf(new LinkClicked()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clicks.v1");
    }

    @Test
    void aValueOfAnotherTypeIsRefusedNamingBoth() {
        assertThatThrownBy(() -> Topics.SALES.cast(new OrderReported()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sales.v1")
                .hasMessageContaining(SaleEvent.class.getName())
                .hasMessageContaining(OrderReported.class.getName());
        assertThat(Topics.SALES.cast(new SaleEvent())).isInstanceOf(SaleEvent.class);
    }

    @Test
    void everyTopicHasItsOwnNameAndValueTypeAndOnlyTheTokenTableIsCompacted() {
        Set<String> names = new HashSet<>();
        Set<Class<?>> types = new HashSet<>();
        for (Topic<?> topic : Topics.ALL) {
            assertThat(names.add(topic.name())).as("name %s", topic).isTrue();
            assertThat(types.add(topic.valueType())).as("type of %s", topic).isTrue();
            assertThat(topic.valueSchema().getFullName())
                    .isEqualTo(topic.valueType().getName());
            assertThat(Topics.byName(topic.name())).containsSame(topic);
        }
        assertThat(Topics.ALL.stream().filter(Topic::compacted)).containsExactly(Topics.ACCESS_TOKENS);
        assertThat(Topics.byName("orders.v2")).isEmpty();
        assertThat(Topics.ORDERS.dlq()).isEqualTo("orders.v1.dlq");
        assertThat(Topics.ORDERS.valueSubject()).isEqualTo("orders.v1-value");
    }
}
