package io.tracknow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when a topic's schema can no longer read what the last released version wrote
 * (BACKWARD compatibility, the rule the registry enforces too). The released versions are the
 * committed files in {@code schemas/baseline/<version>/<topic>.avsc}; when a version is released,
 * copy the current schemas there (see docs/schemas.md).
 */
class SchemaCompatibilityTest {

    private static final Path BASELINE = Path.of("baseline");

    @Test
    void everyTopicHasABaselineOfItsLastReleasedSchema() {
        for (String topic : Topics.names()) {
            assertThat(latestBaseline(topic)).as("baseline of %s", topic).exists();
        }
    }

    @Test
    void everyCurrentSchemaReadsWhatItsLastReleasedVersionWrote() throws IOException {
        for (Topic<?> topic : Topics.ALL) {
            Schema released =
                    new Schema.Parser().parse(latestBaseline(topic.name()).toFile());
            Schema current = topic.valueSchema();
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released)
                    .getResult();
            assertThat(result.getCompatibility())
                    .as(
                            "%s is not backward compatible with %s: %s",
                            topic, latestBaseline(topic.name()), result.getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void theCheckRejectsAChangeThatBreaksOldData() {
        Schema old = new Schema.Parser().parse("""
                {"type":"record","name":"X","fields":[{"name":"a","type":"long"}]}""");
        Schema addsFieldWithoutDefault = new Schema.Parser().parse("""
                {"type":"record","name":"X","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}""");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(addsFieldWithoutDefault, old)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void moneyIsNeverAFloatingPointNumber() {
        for (Topic<?> topic : Topics.ALL) {
            Schema schema = topic.valueSchema();
            assertThat(schema.toString()).doesNotContain("\"double\"").doesNotContain("\"float\"");
        }
    }

    private static Path latestBaseline(String topic) {
        try (Stream<Path> versions = Files.list(BASELINE)) {
            List<Path> sorted = versions.filter(Files::isDirectory)
                    .sorted((a, b) -> Integer.compare(version(b), version(a)))
                    .toList();
            return sorted.stream()
                    .map(v -> v.resolve(topic + ".avsc"))
                    .filter(Files::exists)
                    .findFirst()
                    .orElse(BASELINE.resolve("missing").resolve(topic + ".avsc"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + BASELINE.toAbsolutePath(), e);
        }
    }

    private static int version(Path dir) {
        return Integer.parseInt(dir.getFileName().toString().substring(1));
    }
}
