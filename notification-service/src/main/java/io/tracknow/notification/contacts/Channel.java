package io.tracknow.notification.contacts;

/** Where a notification goes. SMS and WhatsApp are a seam: no provider is wired yet (docs/notification-service.md). */
public enum Channel {
    IN_APP,
    EMAIL,
    WEBHOOK,
    SMS,
    WHATSAPP;

    /** The channels an influencer sets preferences for today. */
    public static final java.util.List<Channel> PREFERABLE = java.util.List.of(IN_APP, EMAIL, WEBHOOK);
}
