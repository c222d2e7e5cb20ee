package io.slipway.standin;

import io.slipway.standin.apiserver.ApiServerCommand;
import io.slipway.standin.controller.ControllerManagerCommand;
import io.slipway.standin.cridockerd.CriDockerdCommand;
import io.slipway.standin.delay.DelayProxyCommand;
import io.slipway.standin.kubelet.KubeletCommand;
import io.slipway.standin.proxy.KubeProxyCommand;
import io.slipway.standin.scheduler.SchedulerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The stand-in components' one runnable jar: {@code java -jar standin.jar kube-apiserver --flags…}.
 * The component image puts a wrapper named after each component on PATH.
 */
@Command(name = "standin", mixinStandardHelpOptions = true,
    description = "Stand-in Kubernetes components for Slipway's testbed.",
    subcommands = {ApiServerCommand.class, ControllerManagerCommand.class, SchedulerCommand.class,
        KubeletCommand.class, KubeProxyCommand.class, CriDockerdCommand.class, DelayProxyCommand.class})
public final class StandinMain {

  public static void main(String[] args) {
    // Log lines to stdout with time and thread, as container logs are read (before any logger exists).
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    int exit = new CommandLine(new StandinMain()).setUnmatchedArgumentsAllowed(true).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
