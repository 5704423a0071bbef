package io.tracknow.notification.templates;

/** What an e-mail carries: a subject, a plain-text part and an HTML part of the same message. */
public record EmailContent(String subject, String text, String html) {}
