package io.tracknow.gateway.payments;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The mobile-money providers (Orange Money, MTN MoMo, Moov Money) that share one callback contract. */
@Configuration
class MobileMoneyProviders {

    @Bean
    MobileMoneySource orangeMoney(JsonMapper json) {
        return new MobileMoneySource("orange-money", json);
    }

    @Bean
    MobileMoneySource mtnMomo(JsonMapper json) {
        return new MobileMoneySource("mtn-momo", json);
    }

    @Bean
    MobileMoneySource moovMoney(JsonMapper json) {
        return new MobileMoneySource("moov-money", json);
    }
}
