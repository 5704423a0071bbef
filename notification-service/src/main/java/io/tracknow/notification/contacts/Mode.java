package io.tracknow.notification.contacts;

/** How an influencer wants one type of notification on one channel: at once (the default), in the daily digest, or not at all. */
public enum Mode {
    IMMEDIATE,
    DIGEST,
    OFF
}
