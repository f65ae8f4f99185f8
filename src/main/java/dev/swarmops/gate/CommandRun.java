package dev.swarmops.gate;

import java.util.List;

/** Run a local command that changes the host (restart a daemon, enable a unit). */
public record CommandRun(String kind, List<String> argv, String purpose) implements Mutation {

    public CommandRun {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
    }

    @Override
    public String target() {
        return String.join(" ", argv);
    }

    @Override
    public Change change() {
        return Change.RUN;
    }

    @Override
    public List<String> diff() {
        return List.of();
    }

    @Override
    public String cli() {
        return new CliLine(argv, purpose).render();
    }
}
