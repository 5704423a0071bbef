package io.tracknow.gateway.credentials;

/**
 * What a merchant configured for one webhook source.
 *
 * @param merchantId our merchant id (the path segment of the webhook URL)
 * @param source     TIKTOK_SHOP, SHOPIFY, WOOCOMMERCE or a payment provider
 * @param appKey     the platform's app key, where its signature covers it
 * @param secret     the signing secret
 * @param scheme     which signature scheme the merchant's app uses
 */
public record MerchantCredential(String merchantId, String source, String appKey, String secret, String scheme) {

    @Override
    public String toString() {
        return "MerchantCredential[" + merchantId + "/" + source + ", scheme=" + scheme + ", secret=***]";
    }
}
