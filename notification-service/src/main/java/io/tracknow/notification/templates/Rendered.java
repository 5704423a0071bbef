package io.tracknow.notification.templates;

/** A message in one language: the title (e-mail subject) and the plain-text body. */
public record Rendered(String language, String title, String body) {}
