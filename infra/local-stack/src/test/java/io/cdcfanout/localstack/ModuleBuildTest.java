package io.cdcfanout.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class ModuleBuildTest {

    @Test
    void recognisesMavensPaddedModuleLine() {
        // As Maven 3.9 prints it, with or without -T: the counter padded to column 72.
        Matcher padded = ModuleBuild.MODULE_STARTED.matcher("[INFO] Building cdc-fanout :: sdk :: events 0.1.0-SNAPSHOT                   [3/12]");
        assertThat(padded.matches()).isTrue();
        assertThat(padded.group(1)).isEqualTo("cdc-fanout :: sdk :: events");
        assertThat(padded.group(2)).isEqualTo("3");
        assertThat(padded.group(3)).isEqualTo("12");

        Matcher longName = ModuleBuild.MODULE_STARTED.matcher("[INFO] Building cdc-fanout :: build :: plain Java parent 0.1.0-SNAPSHOT  [2/16]");
        assertThat(longName.matches()).isTrue();
        assertThat(longName.group(1)).isEqualTo("cdc-fanout :: build :: plain Java parent");
    }

    @Test
    void ignoresOtherLines() {
        assertThat(ModuleBuild.MODULE_STARTED.matcher("[INFO] Building jar: /repo/sdk/events/target/sdk-events-0.1.0-SNAPSHOT.jar").matches()).isFalse();
        assertThat(ModuleBuild.MODULE_STARTED.matcher("[INFO] cdc-fanout :: sdk :: events ............ SUCCESS [  2.1 s]").matches()).isFalse();
    }
}
