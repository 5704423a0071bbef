package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MailCatcherTest {

    @Test
    void catchesWhatIsSentToItsSmtpPortAndShowsItOnlyToTheOperator() throws Exception {
        try (MailCatcher catcher = MailCatcher.start(0, 0, "op-token");
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            Properties smtp = new Properties();
            smtp.put("mail.smtp.host", "127.0.0.1");
            smtp.put("mail.smtp.port", Integer.toString(catcher.smtpPort()));
            MimeMessage message = new MimeMessage(Session.getInstance(smtp));
            message.setFrom(new InternetAddress("notifications@tracknow.io"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("demo-influencer@example.com"));
            message.setSubject("Vous avez gagné 18,83 $US", "UTF-8");
            message.setText("La commande 987654321 vous rapporte 18,83 $US.", "UTF-8");
            Transport.send(message);

            HttpResponse<String> anonymous = http.send(
                    HttpRequest.newBuilder(URI.create(catcher.url())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> listed = http.send(
                    HttpRequest.newBuilder(URI.create(catcher.url()))
                            .header("Authorization", "Bearer op-token")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).isEqualTo(200);
            JsonNode caught = JsonMapper.builder().build().readTree(listed.body());
            assertThat(caught).hasSize(1);
            assertThat(caught.get(0).path("to").get(0).asString()).isEqualTo("demo-influencer@example.com");
            assertThat(caught.get(0).path("subject").asString()).isEqualTo("Vous avez gagné 18,83 $US");
            assertThat(caught.get(0).path("text").asString()).contains("La commande 987654321");
            assertThat(catcher.serviceProperties())
                    .containsEntry("spring.mail.port", Integer.toString(catcher.smtpPort()));

            java.nio.file.Path state = java.nio.file.Files.createTempDirectory("tracknow-state");
            java.util.function.Function<String, String> env =
                    name -> name.equals("TRACKNOW_STATE_DIR") ? state.toString() : null;
            assertThat(MailCatcher.find(env)).as("no platform running").isEmpty();
            catcher.record(env);
            assertThat(MailCatcher.find(env)).as("what demo finds").hasValue(catcher.url());
            assertThat(MailCatcher.find(name -> name.equals("MAIL_URL") ? "http://elsewhere/messages" : null))
                    .hasValue("http://elsewhere/messages");
        }
    }
}
