package io.slipway.simulator.cli;

import picocli.CommandLine.Command;

/** {@code slipway fleet}: groups the fleet subcommands. */
@Command(name = "fleet", description = "Start, list and remove fleets of fake nodes (sshd + docker-in-docker).",
    mixinStandardHelpOptions = true,
    subcommands = {FleetUpCommand.class, FleetLsCommand.class, FleetDownCommand.class})
public final class FleetCommand {
}
