package io.tracknow.launcher;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded platform's mail catcher: an in-process SMTP server (GreenMail) that notification-service
 * sends its e-mails to, and {@code GET /messages} (operator token) listing what it caught, newest last:
 * to, from, subject, Message-ID and the plain-text part. Nothing leaves the machine. Both listen on free
 * ports; {@code start} writes the listing's URL to {@code <state dir>/mail-catcher.url} for {@code demo}
 * and deletes it on stop. docker-compose uses Mailpit for the same job.
 */
public final class MailCatcher implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GreenMail smtp;
    private final HttpServer http;

    private MailCatcher(GreenMail smtp, HttpServer http) {
        this.smtp = smtp;
        this.http = http;
    }

    /** SMTP on {@code smtpPort}, the listing on {@code httpPort} (0: any free port), loopback only. */
    public static MailCatcher start(int smtpPort, int httpPort, String operatorToken) {
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
            http.createContext("/messages", exchange -> {
                try (exchange) {
                    String auth = exchange.getRequestHeaders().getFirst("Authorization");
                    if (!("Bearer " + operatorToken).equals(auth)) {
                        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                        exchange.sendResponseHeaders(401, -1);
                        return;
                    }
                    byte[] body = JSON.writeValueAsBytes(messages(smtp));
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            http.start();
            return new MailCatcher(smtp, http);
        } catch (IOException e) {
            smtp.stop();
            throw new UncheckedIOException("cannot open the mail catcher's HTTP port " + httpPort, e);
        }
    }

    public int smtpPort() {
        return smtp.getSmtp().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/messages";
    }

    /** Where {@code demo} finds the listing of a running platform: beside {@link RunningPlatform}'s state file. */
    static Path urlFile(Function<String, String> env) {
        return RunningPlatform.stateFile(env).resolveSibling("mail-catcher.url");
    }

    /** Records the listing's URL for {@code demo}; returns the file, to delete on stop. */
    Path record(Function<String, String> env) {
        Path file = urlFile(env);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, url() + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
        }
    }

    /** The listing of the running platform's catcher: {@code MAIL_URL} if set, else the recorded one. */
    static Optional<String> find(Function<String, String> env) {
        String explicit = env.apply("MAIL_URL");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(explicit.trim());
        }
        Path file = urlFile(env);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What notification-service needs to send its e-mails here. */
    public Map<String, String> serviceProperties() {
        return Map.of("spring.mail.host", "127.0.0.1", "spring.mail.port", Integer.toString(smtpPort()));
    }

    private static List<Map<String, Object>> messages(GreenMail smtp) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put(
                        "to",
                        Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                                .map(Object::toString)
                                .toList());
                view.put("from", message.getFrom()[0].toString());
                view.put("subject", message.getSubject());
                view.put("messageId", message.getMessageID());
                view.put("text", textOf(message));
                list.add(view);
            } catch (Exception e) {
                list.add(Map.of("error", String.valueOf(e.getMessage())));
            }
        }
        return list;
    }

    private static String textOf(MimeMessage message) throws Exception {
        if (message.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.getContent() instanceof jakarta.mail.Multipart inner) {
                    for (int j = 0; j < inner.getCount(); j++) {
                        if (inner.getBodyPart(j).getContentType().startsWith("text/plain")) {
                            return inner.getBodyPart(j).getContent().toString();
                        }
                    }
                } else if (part.getContentType().startsWith("text/plain")) {
                    return part.getContent().toString();
                }
            }
        }
        return new String(GreenMailUtil.getBody(message).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.stop(0);
        smtp.stop();
    }
}
