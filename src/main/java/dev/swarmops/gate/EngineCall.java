package dev.swarmops.gate;

import dev.swarmops.engine.Endpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * A mutating Engine API request with its docker CLI equivalent. {@code endpoint} is null for the
 * run's own engine, or another engine's (a worker labelling itself on its manager).
 */
public record EngineCall(String kind, String target, Change change, ApiRequest request, CliLine cliLine, List<String> diff,
                         Endpoint endpoint) implements Mutation {

    public EngineCall {
        diff = List.copyOf(diff);
    }

    public EngineCall(String kind, String target, Change change, ApiRequest request, CliLine cliLine, List<String> diff) {
        this(kind, target, change, request, cliLine, diff, null);
    }

    public EngineCall(String kind, String target, Change change, ApiRequest request, CliLine cliLine) {
        this(kind, target, change, request, cliLine, List.of(), null);
    }

    /** The same call sent to another engine; its command line says so with {@code docker -H}. */
    public EngineCall on(Endpoint other) {
        List<String> argv = new ArrayList<>(cliLine.argv());
        argv.addAll(1, List.of("-H", other.uri().toString()));
        return new EngineCall(kind, target, change, request, new CliLine(argv, cliLine.comment()), diff, other);
    }

    @Override
    public String cli() {
        return cliLine.render();
    }
}
