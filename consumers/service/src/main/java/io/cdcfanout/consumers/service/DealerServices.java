package io.cdcfanout.consumers.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.Instant;

/** The services seen at one dealer, as served by {@code GET /dealers}. */
@RegisterForReflection
public record DealerServices(String dealerId, String dealerName, int services, BigDecimal revenue, String lastCarId, Instant lastServiceDate) {
}
