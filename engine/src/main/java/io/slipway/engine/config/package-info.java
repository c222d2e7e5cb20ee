/**
 * Configuration files as immutable records: loading with source locations, RKE defaults,
 * and validation that reports every problem at its file, line, column and key path.
 */
package io.slipway.engine.config;
