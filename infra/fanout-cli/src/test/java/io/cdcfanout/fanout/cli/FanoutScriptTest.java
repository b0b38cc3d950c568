package io.cdcfanout.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackOptions;
import io.cdcfanout.localstack.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./fanout script's first build: it must build every module `up` needs, or `up` builds again right after. */
class FanoutScriptTest {

    @TempDir
    Path stateDir;

    @Test
    void firstBuildCoversEveryComponentsModules() throws Exception {
        Path repo = TestStack.repoRoot();
        String script = Files.readString(repo.resolve("fanout"));
        Matcher list = Pattern.compile("(?m)^UP_MODULES=\\(([^)]*)\\)$").matcher(script);
        assertThat(list.find()).as("UP_MODULES=(…) in ./fanout").isTrue();
        List<String> upModules = new ArrayList<>(Arrays.asList(list.group(1).trim().split("\\s+")));
        // The launcher itself (the console component runs it) is in every build of the script.
        upModules.add("infra/fanout-cli");

        Stack stack = Stack.create(new StackOptions(repo, stateDir, true, List.of(), false, Map.of(), 0, System.out));
        for (String name : stack.componentNames()) {
            for (String module : stack.context().component(name).buildModules()) {
                assertThat(upModules).as("./fanout's UP_MODULES has %s's module", name).contains(module);
            }
        }
        for (String module : upModules) {
            assertThat(repo.resolve(module).resolve("pom.xml")).as("UP_MODULES entry %s", module).isRegularFile();
        }
    }
}
