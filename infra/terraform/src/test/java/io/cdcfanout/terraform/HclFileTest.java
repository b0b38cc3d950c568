package io.cdcfanout.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcfanout.terraform.HclFile.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HclFileTest {

    @TempDir
    Path dir;

    @Test
    void blocksLabelsAndMultiLineExpressionsAreReadAsSourceTextWithoutComments() throws IOException {
        List<Block> blocks = parse("""
                # comment { not a block
                resource "confluent_kafka_acl" "consumer" {
                  for_each = local.consumer_acls // trailing comment
                  principal = "User:${confluent_service_account.consumer["a}b"].id}"
                  config = {
                    "retention.ms" = "1"
                  }
                  description = <<-EOT
                    text with } and "quotes"
                  EOT
                  kafka_cluster {
                    id = confluent_kafka_cluster.main.id
                  }
                }
                locals { x = 1 }
                """);

        assertThat(blocks).hasSize(2);
        Block acl = blocks.get(0);
        assertThat(acl.type()).isEqualTo("resource");
        assertThat(acl.labels()).containsExactly("confluent_kafka_acl", "consumer");
        assertThat(acl.attribute("for_each")).contains("local.consumer_acls");
        assertThat(acl.attribute("principal")).contains("\"User:${confluent_service_account.consumer[\"a}b\"].id}\"");
        assertThat(acl.attribute("config")).hasValueSatisfying(v -> assertThat(v).startsWith("{").endsWith("}").contains("\"retention.ms\" = \"1\""));
        assertThat(acl.attribute("description")).hasValueSatisfying(v -> assertThat(v).contains("text with } and"));
        assertThat(acl.blocks()).singleElement().satisfies(b -> assertThat(b.attribute("id")).contains("confluent_kafka_cluster.main.id"));
        assertThat(blocks.get(1).attribute("x")).contains("1");
    }

    @Test
    void anUnterminatedStringIsReportedWithFileAndLine() throws IOException {
        assertThatThrownBy(() -> parse("locals {\n  a = 1\n  b = \"open\n}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("main.tf:3: unterminated string");
    }

    @Test
    void anUnclosedBlockAndAStrayBraceAreReported() {
        assertThatThrownBy(() -> parse("resource \"a\" \"b\" {\n  x = 1\n"))
                .hasMessageContaining("unexpected end of file inside a block");
        assertThatThrownBy(() -> parse("}\n")).hasMessageContaining("main.tf:1: unbalanced '}'");
        assertThatThrownBy(() -> parse("resource \"a\" x {\n}\n")).hasMessageContaining("expected '=' or '{' after 'resource'");
    }

    private List<Block> parse(String text) throws IOException {
        Path file = dir.resolve("main.tf");
        Files.writeString(file, text);
        return HclFile.parse(file);
    }
}
