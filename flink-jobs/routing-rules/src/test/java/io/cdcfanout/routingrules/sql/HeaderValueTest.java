package io.cdcfanout.routingrules.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderValueTest {

    @Test
    void valuesThatFitAreKeptAsTheyAre() {
        assertThat(HeaderValue.bounded(null)).isNull();
        assertThat(HeaderValue.bounded("")).isEmpty();
        String exactlyAtTheLimit = "é".repeat(HeaderValue.MAX_BYTES / 2);
        assertThat(HeaderValue.bounded(exactlyAtTheLimit)).isSameAs(exactlyAtTheLimit);
    }

    @Test
    void longerValuesAreCutToTheLimitWithTheMarker() {
        String value = HeaderValue.bounded("a".repeat(HeaderValue.MAX_BYTES + 1));
        assertThat(value).endsWith(HeaderValue.MARKER).startsWith("aaaa");
        assertThat(value.getBytes(StandardCharsets.UTF_8)).hasSize(HeaderValue.MAX_BYTES);
    }

    @Test
    void multiByteCharactersAndSurrogatePairsAreNeverSplit() {
        for (String unit : new String[] {"é", "€", "😀"}) {
            String value = HeaderValue.bounded(unit.repeat(5000));
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            assertThat(bytes.length).as(unit).isLessThanOrEqualTo(HeaderValue.MAX_BYTES);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(value);
            assertThat(value.substring(0, value.length() - HeaderValue.MARKER.length()).replace(unit, "")).as(unit).isEmpty();
        }
    }
}
