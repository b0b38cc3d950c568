package io.cdcfanout.loaddriver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class LoadCliTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "batch --events-per-type abc|Invalid value for option '--events-per-type': 'abc' is not an int",
        "batch --events-per-type 0|events per type must be a positive integer, got 0",
        "batch --vus-per-event-type -1|VUs per event type must be a positive integer, got -1",
        "batch --total-vus 3|--total-vus must be at least 4 (one sender per event type), got 3",
        "batch --api-url ftp://host|producer API URL 'ftp://host' is invalid: not an http(s) URL with a host",
        "batch --run-id bad;id|--run-id: run id must match",
        "rate --rate 0|rate must be a positive number of events per second, got 0.0",
        "rate --duration 5x|'5x' is not a duration like 500ms, 30s, 2m or 1h",
        "rate --max-vus 0|max in-flight requests must be a positive integer, got 0",
        "rate --retry-for soon|'soon' is not a duration like 500ms, 30s, 2m or 1h",
        "burst|Unmatched argument at index 0: 'burst'"})
    void badUsageIsRejectedWithAPreciseMessageAndExitCode2BeforeAnythingIsSent(String args, String message) {
        StringWriter err = new StringWriter();
        CommandLine cli = LoadCli.commandLine().setErr(new PrintWriter(err));

        int exit = cli.execute(args.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }
}
