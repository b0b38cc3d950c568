package io.cdcfanout.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The long-running process of a component.
 *
 * @param command program and arguments
 * @param environment variables added to the stack's exported environment
 * @param workingDirectory where the process starts
 */
public record ProcessSpec(List<String> command, Map<String, String> environment, Path workingDirectory) {

    public ProcessSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    public static ProcessSpec of(List<String> command, Path workingDirectory) {
        return new ProcessSpec(command, Map.of(), workingDirectory);
    }
}
