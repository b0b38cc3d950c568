package io.cdcfanout.sdk.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

    @Test
    void valueWithinTheBoundIsKeptAsIs() {
        String value = "x".repeat(DeadLetterHeaders.MAX_VALUE_BYTES);

        assertThat(DeadLetterHeaders.bounded(value)).isSameAs(value);
    }

    @Test
    void longerValueIsCutToTheBoundAndEndsWithTheMarker() {
        String bounded = DeadLetterHeaders.bounded("y".repeat(DeadLetterHeaders.MAX_VALUE_BYTES + 1));

        assertThat(utf8Length(bounded)).isEqualTo(DeadLetterHeaders.MAX_VALUE_BYTES);
        assertThat(bounded).endsWith(DeadLetterHeaders.TRUNCATED_MARKER).startsWith("yyyy");
    }

    @Test
    void multiByteCharactersAreCountedInBytesAndNeverCutInHalf() {
        // 3 bytes each in UTF-8, and a surrogate pair (4 bytes) after them: a cut inside either would corrupt the text.
        String bounded = DeadLetterHeaders.bounded("€".repeat(2000) + "😀".repeat(2000));

        byte[] bytes = bounded.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(DeadLetterHeaders.MAX_VALUE_BYTES);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(bounded);
        assertThat(bounded).endsWith(DeadLetterHeaders.TRUNCATED_MARKER).doesNotContain("\uFFFD");
    }

    @Test
    void loneSurrogateCountsAsTheReplacementByteItBecomes() {
        String bounded = DeadLetterHeaders.bounded("\uD800".repeat(DeadLetterHeaders.MAX_VALUE_BYTES * 2));

        assertThat(utf8Length(bounded)).isLessThanOrEqualTo(DeadLetterHeaders.MAX_VALUE_BYTES);
    }

    private static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
