/** The {@code slipway} entry point: one picocli command holding every module's subcommands. */
package io.slipway.scenarios.cli;
