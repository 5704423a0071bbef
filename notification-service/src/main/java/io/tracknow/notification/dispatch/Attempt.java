package io.tracknow.notification.dispatch;

/**
 * The outcome of one attempt to deliver on a channel: delivered; failed but worth retrying (SMTP down,
 * a webhook receiver answering 500 or timing out); or failed for good (an address the server refuses,
 * a URL that resolves to a private address).
 */
public record Attempt(Kind kind, String error) {

    public enum Kind {
        DELIVERED,
        RETRY,
        FAILED
    }

    public static Attempt delivered() {
        return new Attempt(Kind.DELIVERED, null);
    }

    public static Attempt retry(String error) {
        return new Attempt(Kind.RETRY, error);
    }

    public static Attempt failed(String error) {
        return new Attempt(Kind.FAILED, error);
    }
}
