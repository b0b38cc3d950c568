/**
 * The SDK's implementation. Not an API: its classes are public only because Quarkus generates code that
 * calls them from another class loader; they may change in any release. Applications use
 * {@link io.cdcfanout.sdk.consumer}.
 */
package io.cdcfanout.sdk.consumer.internal;
