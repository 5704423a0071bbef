package io.tracknow.notification.templates;

/** An amount in a notification's facts: minor units and an ISO 4217 code, formatted per reader when rendered. */
public record Amount(long minor, String currency) {}
