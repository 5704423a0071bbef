package io.tracknow.attribution.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShortCodesTest {

    @Test
    void codesHaveEightCharactersOfTheUnambiguousAlphabet() {
        ShortCodes codes = new ShortCodes();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String code = codes.get();
            assertThat(code)
                    .hasSize(8)
                    .matches("[" + ShortCodes.ALPHABET + "]{8}")
                    .doesNotContain("0", "O", "1", "I", "L");
            seen.add(code);
        }
        assertThat(seen).hasSize(2000);
        assertThat(ShortCodes.ALPHABET).doesNotContain("0", "O", "1", "I", "L").hasSize(31);
    }
}
