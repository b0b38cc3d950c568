package io.cdcfanout.consumers.loanpayment;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same scenarios against the packaged application (the jar, or the native executable with -Pnative). */
@QuarkusIntegrationTest
class LoanPaymentConsumerIT extends LoanPaymentConsumerTest {
}
