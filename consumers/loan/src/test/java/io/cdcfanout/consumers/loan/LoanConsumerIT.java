package io.cdcfanout.consumers.loan;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same scenarios against the packaged application (the jar, or the native executable with -Pnative). */
@QuarkusIntegrationTest
class LoanConsumerIT extends LoanConsumerTest {
}
