package com.example.loanaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.sdk.testkit.CdcFanoutTestResource;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.InjectCdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CdcFanoutTestResource.class, initArgs = @ResourceArg(name = "topics", value = "filtered-loan-created-events"))
class LoanAuditTest {

    @InjectCdcTestKit
    CdcTestKit kit;

    @Inject
    LoanAudit audit;

    @Test
    void publishedLoansAreAudited() {
        kit.publish("filtered-loan-created-events", SampleEvents.loanCreated("LOAN-A", "CAR-1", "25000.00"), WireFormat.JSON);
        kit.publish("filtered-loan-created-events", SampleEvents.loanCreated("LOAN-B", "CAR-2", "150000.00"), WireFormat.JSON);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
                Map.of("LOAN-A", new BigDecimal("25000.00"), "LOAN-B", new BigDecimal("150000.00")), audit.amounts()));
    }
}
