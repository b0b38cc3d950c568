package io.cdcfanout.consumers.car;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same scenarios against the packaged application (the jar, or the native executable with -Pnative). */
@QuarkusIntegrationTest
class CarConsumerIT extends CarConsumerTest {
}
